package xyz.pura.ledger;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.common.utils.Bytes;
import xyz.pura.events.SpendView;
import xyz.pura.events.JsonSerde;
import xyz.pura.events.KeyEvent;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.Topic;
import xyz.pura.events.Topics;
import xyz.pura.ledger.internal.AccountState;
import xyz.pura.ledger.internal.AccountUpdate;
import xyz.pura.ledger.internal.CompletionProcessor;
import xyz.pura.ledger.internal.CompactSerde;
import xyz.pura.ledger.internal.DailyUsage;
import xyz.pura.ledger.internal.DedupProcessor;
import xyz.pura.ledger.internal.KeyBudgetProcessor;
import xyz.pura.ledger.internal.QualityBucket;
import xyz.pura.ledger.internal.QualityPartial;
import xyz.pura.ledger.internal.QualityPreAggregator;
import xyz.pura.ledger.internal.QualitySumKey;
import xyz.pura.ledger.internal.QualityProcessor;
import xyz.pura.ledger.internal.RecentEntries;
import xyz.pura.ledger.internal.RecentEntriesProcessor;
import xyz.pura.ledger.internal.SettlementProcessor;
import xyz.pura.ledger.internal.ReportItem;

/**
 * The ledger topology, built apart from running it.
 * <pre>
 * pura.completions -> dedup (by event id) -+-> book debits (accounts, 24 h report, daily usage) -+-> recent entries -> pura.ledger
 * pura.keys -> follow budgets (accounts) ---------------------------------------------+-> latest view per key (cached, sent at commit) -> pura.spend
 * pura.wallet -> book credits (accounts, settled invoices) ---------------------------+
 *                                          +-> sums per provider and bucket (flushed every second)
 *                                              -> by provider (repartition) -> quality buckets -> pura.quality
 * </pre>
 * Completions, keys and wallet must have the same partition count (all keyed by key id): a key's account
 * lives in one task. Debits beyond the key's free requests also debit sats at {@link LedgerConfig#satsPerUsd()};
 * each InvoiceSettled is credited once per invoice, ever ({@link #SETTLED_STORE}).
 */
public final class LedgerTopology {
    /** Event ids of completions already booked (window store, {@link LedgerConfig#dedupRetention()}). */
    public static final String DEDUP_STORE = "ledger-dedup";
    /** Key id to account totals (key-value store); the source of {@link LedgerQueries#spendView}. */
    public static final String ACCOUNT_STORE = "ledger-accounts";
    /** Key id to each debit at its event time (window store with duplicates), summed by 24 h reports. */
    public static final String REPORT_STORE = "ledger-report-24h";
    /**
     * Key id to its debits per UTC day and model (window store, one window per day at its start, no duplicates): the
     * source of {@link LedgerQueries#usage}, kept {@link #USAGE_RETENTION}.
     */
    public static final String USAGE_STORE = "ledger-usage-daily";
    /** How long the daily usage store keeps a day (older days are dropped as stream time passes). */
    public static final Duration USAGE_RETENTION = Duration.ofDays(400);
    /** Provider to its calls per short bucket (window store). */
    public static final String QUALITY_STORE = "ledger-quality";
    /** Invoice id to when its credit was booked (key-value store, no expiry): settlements credit once, ever. */
    public static final String SETTLED_STORE = "ledger-settled-invoices";
    /** {@code <keyId>#<slot>} to one of the key's last {@link RecentEntries#CAPACITY} ledger entries. */
    public static final String RECENT_STORE = "ledger-recent-entries";
    /**
     * Key id to its latest spend view (a cached table): what {@code pura.spend} receives once per key and commit,
     * however many debits the key had in between.
     */
    public static final String SPEND_VIEW_STORE = "ledger-spend-views";
    /** How many recent ledger entries per key {@link LedgerQueries#recentEntries} can return. */
    public static final int RECENT_ENTRIES = RecentEntries.CAPACITY;
    /**
     * Provider and bucket to a task's calls since its last flush (in memory, changelogged). (Its first version,
     * {@code ledger-quality-partials}, keyed by a {@code provider@start} string; the new name keeps that
     * changelog out of the new store, at the cost of at most a second of quality samples on upgrade.)
     */
    public static final String QUALITY_PARTIALS_STORE = "ledger-quality-sums";
    /**
     * Name of the internal repartition topic that keys each task's summed calls by provider. (Until
     * 2026-11-25 it was {@code quality-by-provider}, with one record per call; the new name keeps records of
     * the old shape out of the new reader.)
     */
    public static final String QUALITY_REPARTITION = "quality-partials-by-provider";

    private static final Duration POINT = Duration.ofMillis(1);

    private LedgerTopology() {
    }

    /** The topology for {@code config}; nothing runs until it is given to Kafka Streams. */
    public static Topology build(LedgerConfig config) {
        long defaultBudget = config.defaultDailyBudget().nanos();
        long free = config.freeRequests();
        StreamsBuilder builder = new StreamsBuilder();
        addStores(builder, config);

        KStream<String, RequestCompleted> unique = builder
                .stream(Topics.COMPLETIONS.name(), consumed(Topics.COMPLETIONS))
                .processValues(() -> new DedupProcessor(DEDUP_STORE, config.dedupRetention()), Named.as("dedup"),
                        DEDUP_STORE);

        KStream<String, AccountUpdate> debits = unique.process(
                () -> new CompletionProcessor(ACCOUNT_STORE, REPORT_STORE, USAGE_STORE, defaultBudget, free,
                        config.satsPerUsd()),
                Named.as("book-debits"),
                ACCOUNT_STORE, REPORT_STORE, USAGE_STORE);
        KStream<String, AccountUpdate> budgets = builder
                .stream(Topics.KEYS.name(), consumed(Topics.KEYS))
                .process(() -> new KeyBudgetProcessor(ACCOUNT_STORE, defaultBudget, free), Named.as("follow-budgets"),
                        ACCOUNT_STORE);
        KStream<String, AccountUpdate> credits = builder
                .stream(Topics.WALLET.name(), consumed(Topics.WALLET))
                .process(() -> new SettlementProcessor(ACCOUNT_STORE, SETTLED_STORE, defaultBudget, free),
                        Named.as("book-credits"), ACCOUNT_STORE, SETTLED_STORE);
        KStream<String, AccountUpdate> updates = debits.merge(budgets, Named.as("account-updates"))
                .merge(credits, Named.as("account-updates-with-credits"));
        updates.filter((key, u) -> u.entry() != null, Named.as("ledger-entries"))
                .mapValues(AccountUpdate::entry, Named.as("to-entry"))
                .processValues(() -> new RecentEntriesProcessor(RECENT_STORE), Named.as("recent-entries"), RECENT_STORE)
                .to(Topics.LEDGER.name(), produced(Topics.LEDGER));
        // pura.spend is read committed, so a view reaches the ingress at the ledger's commit whatever is written
        // meanwhile: the cached table forwards each key's latest view when the commit flushes its cache, in the same
        // transaction. A hot key then costs one pura.spend record per commit instead of one per debit (a produce, a
        // fetch, two JSON conversions and the ingress's update per request).
        updates.mapValues(AccountUpdate::view, Named.as("to-view"))
                .toTable(Named.as("latest-view"), Materialized.<String, SpendView, KeyValueStore<Bytes, byte[]>>as(SPEND_VIEW_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(new CompactSerde<>(SpendView.class)).withCachingEnabled())
                .toStream(Named.as("views-at-commit"))
                .to(Topics.SPEND.name(), produced(Topics.SPEND));

        unique.process(() -> new QualityPreAggregator(QUALITY_PARTIALS_STORE, config.qualityBucket(),
                                qualityFlushInterval(config)), Named.as("quality-partials"), QUALITY_PARTIALS_STORE)
                .repartition(Repartitioned.<String, QualityPartial>as(QUALITY_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(new CompactSerde<>(QualityPartial.class)))
                .process(() -> new QualityProcessor(QUALITY_STORE, config.qualityEmitInterval()),
                        Named.as("quality"), QUALITY_STORE)
                .to(Topics.QUALITY.name(), produced(Topics.QUALITY));
        return builder.build();
    }

    /**
     * How often each task forwards its summed provider calls: a second, or half the emit interval when that
     * is shorter, so an emitted score includes the calls up to about a second before it.
     */
    public static Duration qualityFlushInterval(LedgerConfig config) {
        Duration half = config.qualityEmitInterval().dividedBy(2);
        return half.compareTo(Duration.ofSeconds(1)) < 0 ? half : Duration.ofSeconds(1);
    }

    private static void addStores(StreamsBuilder builder, LedgerConfig config) {
        // values of internal stores and the repartition are CompactSerde (binary; reads the JSON of older versions),
        // keys keep their serdes; public topics stay JSON
        // the sums of the calls since the last flush: a few entries (providers times buckets), rewritten on every
        // call, so in memory; the cache keeps the changelog to one record per entry and commit
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(QUALITY_PARTIALS_STORE), new JsonSerde<>(QualitySumKey.class),
                new CompactSerde<>(QualityBucket.class))
                .withCachingEnabled());
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(DEDUP_STORE, config.dedupRetention(), POINT, false),
                Serdes.String(), Serdes.Long()));
        // caching: a hot key's account, recent-entry slots and a provider's quality bucket change many times
        // between two commits; only the last value of each reaches RocksDB and the changelog at the commit
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ACCOUNT_STORE), Serdes.String(), new CompactSerde<>(AccountState.class))
                .withCachingEnabled());
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(REPORT_STORE, config.reportRetention(), POINT, true),
                Serdes.String(), new CompactSerde<>(ReportItem.class)));
        // uncached, like the report store: one read and one write per debit. (Streams' cache keeps a window past the
        // store's retention visible to reads until it is evicted, so with it a dropped day could still be answered.)
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(USAGE_STORE, USAGE_RETENTION, Duration.ofDays(1), false),
                Serdes.String(), new CompactSerde<>(DailyUsage.class)));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(QUALITY_STORE, QualityProcessor.HORIZON.plus(config.qualityBucket()),
                        config.qualityBucket(), false),
                Serdes.String(), new CompactSerde<>(QualityBucket.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SETTLED_STORE), Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RECENT_STORE), Serdes.String(), new CompactSerde<>(LedgerEntry.class))
                .withCachingEnabled());
    }

    private static <V> Consumed<String, V> consumed(Topic<V> topic) {
        return Consumed.with(topic.keySerde(), topic.valueSerde()).withName(topic.name() + "-source");
    }

    private static <V> Produced<String, V> produced(Topic<V> topic) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(topic.name() + "-sink");
    }
}
