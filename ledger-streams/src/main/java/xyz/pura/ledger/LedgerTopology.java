package xyz.pura.ledger;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import xyz.pura.events.JsonSerde;
import xyz.pura.events.KeyEvent;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.Topic;
import xyz.pura.events.Topics;
import xyz.pura.ledger.internal.AccountState;
import xyz.pura.ledger.internal.AccountUpdate;
import xyz.pura.ledger.internal.CompletionProcessor;
import xyz.pura.ledger.internal.DedupProcessor;
import xyz.pura.ledger.internal.KeyBudgetProcessor;
import xyz.pura.ledger.internal.QualityObservation;
import xyz.pura.ledger.internal.QualityProcessor;
import xyz.pura.ledger.internal.ReportItem;

/**
 * The ledger topology, built apart from running it.
 * <pre>
 * pura.completions -> dedup (by event id) -+-> book debits (accounts, 24 h report) -+-> pura.ledger
 * pura.keys -> follow budgets (accounts) ---------------------------------------------+-> pura.spend
 *                                          +-> by provider (repartition) -> quality buckets -> pura.quality
 * </pre>
 * Completions and keys must have the same partition count (both keyed by key id): a key's account lives
 * in one task.
 */
public final class LedgerTopology {
    /** Event ids of completions already booked (window store, {@link LedgerConfig#dedupRetention()}). */
    public static final String DEDUP_STORE = "ledger-dedup";
    /** Key id to account totals (key-value store); the source of {@link LedgerQueries#spendView}. */
    public static final String ACCOUNT_STORE = "ledger-accounts";
    /** Key id to each debit at its event time (window store with duplicates), summed by 24 h reports. */
    public static final String REPORT_STORE = "ledger-report-24h";
    /** Provider to its calls per short bucket (window store). */
    public static final String QUALITY_STORE = "ledger-quality";
    /** Name of the internal repartition topic that keys calls by provider. */
    public static final String QUALITY_REPARTITION = "quality-by-provider";

    private static final Duration POINT = Duration.ofMillis(1);

    private LedgerTopology() {
    }

    public static Topology build(LedgerConfig config) {
        long defaultBudget = config.defaultDailyBudget().nanos();
        StreamsBuilder builder = new StreamsBuilder();
        addStores(builder, config);

        KStream<String, RequestCompleted> unique = builder
                .stream(Topics.COMPLETIONS.name(), consumed(Topics.COMPLETIONS))
                .processValues(() -> new DedupProcessor(DEDUP_STORE, config.dedupRetention()), Named.as("dedup"),
                        DEDUP_STORE);

        KStream<String, AccountUpdate> debits = unique.process(
                () -> new CompletionProcessor(ACCOUNT_STORE, REPORT_STORE, defaultBudget), Named.as("book-debits"),
                ACCOUNT_STORE, REPORT_STORE);
        KStream<String, AccountUpdate> budgets = builder
                .stream(Topics.KEYS.name(), consumed(Topics.KEYS))
                .process(() -> new KeyBudgetProcessor(ACCOUNT_STORE, defaultBudget), Named.as("follow-budgets"),
                        ACCOUNT_STORE);
        KStream<String, AccountUpdate> updates = debits.merge(budgets, Named.as("account-updates"));
        updates.filter((key, u) -> u.entry() != null, Named.as("ledger-entries"))
                .mapValues(AccountUpdate::entry, Named.as("to-entry"))
                .to(Topics.LEDGER.name(), produced(Topics.LEDGER));
        updates.mapValues(AccountUpdate::view, Named.as("to-view"))
                .to(Topics.SPEND.name(), produced(Topics.SPEND));

        unique.flatMap((key, c) -> QualityObservation.of(c).stream()
                                .map(o -> KeyValue.pair(o.provider(), o)).toList(), Named.as("provider-calls"))
                .repartition(Repartitioned.<String, QualityObservation>as(QUALITY_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(new JsonSerde<>(QualityObservation.class)))
                .process(() -> new QualityProcessor(QUALITY_STORE, config.qualityBucket(), config.qualityEmitInterval()),
                        Named.as("quality"), QUALITY_STORE)
                .to(Topics.QUALITY.name(), produced(Topics.QUALITY));
        return builder.build();
    }

    private static void addStores(StreamsBuilder builder, LedgerConfig config) {
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(DEDUP_STORE, config.dedupRetention(), POINT, false),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ACCOUNT_STORE), Serdes.String(), new JsonSerde<>(AccountState.class)));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(REPORT_STORE, config.reportRetention(), POINT, true),
                Serdes.String(), new JsonSerde<>(ReportItem.class)));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(QUALITY_STORE, QualityProcessor.HORIZON.plus(config.qualityBucket()),
                        config.qualityBucket(), false),
                Serdes.String(), new JsonSerde<>(xyz.pura.ledger.internal.QualityBucket.class)));
    }

    private static <V> Consumed<String, V> consumed(Topic<V> topic) {
        return Consumed.with(topic.keySerde(), topic.valueSerde()).withName(topic.name() + "-source");
    }

    private static <V> Produced<String, V> produced(Topic<V> topic) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(topic.name() + "-sink");
    }
}
