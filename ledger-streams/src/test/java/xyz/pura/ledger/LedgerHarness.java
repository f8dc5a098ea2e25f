package xyz.pura.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import xyz.pura.events.KeyEvent;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.QualityScore;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.SpendView;
import xyz.pura.events.Topic;
import xyz.pura.events.Topics;
import xyz.pura.events.WalletEvent;

/** A {@link TopologyTestDriver} over {@link LedgerTopology} with event builders; close it after each test. */
final class LedgerHarness implements AutoCloseable {
    static final String KEY = "key_0123456789abcdef";
    static final String OTHER_KEY = "key_fedcba9876543210";

    final LedgerConfig config;
    final TopologyTestDriver driver;
    private final TestInputTopic<String, RequestCompleted> completions;
    private final TestInputTopic<String, KeyEvent> keys;
    private final TestInputTopic<String, WalletEvent> wallet;
    private final TestOutputTopic<String, LedgerEntry> ledger;
    private final TestOutputTopic<String, SpendView> spend;
    private final TestOutputTopic<String, QualityScore> quality;
    private int eventSeq;

    LedgerHarness(Instant wallClock) {
        this(LedgerConfig.defaults(), wallClock);
    }

    LedgerHarness(LedgerConfig config, Instant wallClock) {
        this.config = config;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pura-ledger-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // a state directory of its own: the default (/tmp/kafka-streams/<application id>) is shared with any other
        // test JVM on the machine (another clone's build), and two drivers opening the same RocksDB files fail
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, java.nio.file.Files.createTempDirectory("pura-ledger-test").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.driver = new TopologyTestDriver(LedgerTopology.build(config), props, wallClock);
        this.completions = input(Topics.COMPLETIONS);
        this.keys = input(Topics.KEYS);
        this.wallet = input(Topics.WALLET);
        this.ledger = output(Topics.LEDGER);
        this.spend = output(Topics.SPEND);
        this.quality = output(Topics.QUALITY);
    }

    private <V> TestInputTopic<String, V> input(Topic<V> t) {
        return driver.createInputTopic(t.name(), new StringSerializer(), t.valueSerde());
    }

    private <V> TestOutputTopic<String, V> output(Topic<V> t) {
        return driver.createOutputTopic(t.name(), new StringDeserializer(), t.valueSerde());
    }

    static RequestCompleted completion(String requestId, String keyId, String provider, String model, String status,
                                       long costNanoUsd, int inputTokens, int outputTokens, long latencyMs,
                                       Instant at, List<RequestCompleted.Attempt> attempts) {
        return new RequestCompleted(1, RequestCompleted.eventIdFor(requestId), at, requestId, keyId, provider, model,
                "cheap", status, status.equals("ok") ? 200 : 502, null, latencyMs, null, true, inputTokens,
                outputTokens, null, costNanoUsd, "2026-11-25", false, false, attempts);
    }

    static RequestCompleted ok(String requestId, String model, long costNanoUsd, Instant at) {
        return completion(requestId, KEY, "openai", model, "ok", costNanoUsd, 10, 20, 100, at, List.of());
    }

    void pipe(RequestCompleted c) {
        completions.pipeInput(c.keyId(), c, c.occurredAt());
    }

    void keyCreated(String keyId, long budgetNanoUsd, Instant at) {
        keys.pipeInput(keyId, new KeyEvent.KeyCreated(1, "k" + (++eventSeq), at, keyId, "a".repeat(64),
                "pura_01234567", "agent", budgetNanoUsd), at);
    }

    void pipe(KeyEvent e) {
        keys.pipeInput(e.keyId(), e, e.occurredAt());
    }

    void keyUpdated(String keyId, Long budgetNanoUsd, Instant at) {
        keys.pipeInput(keyId, new KeyEvent.KeyUpdated(1, "k" + (++eventSeq), at, keyId, "renamed", budgetNanoUsd), at);
    }

    /** A 64-hex payment hash made from {@code n}. */
    static String invoiceId(int n) {
        return String.format("%064x", n);
    }

    static WalletEvent.InvoiceSettled settled(String invoiceId, String keyId, long amountMsat, Instant at) {
        return WalletEvent.InvoiceSettled.of(at, invoiceId, keyId, amountMsat, at.minusSeconds(1));
    }

    void pipe(WalletEvent e) {
        wallet.pipeInput(e.keyId(), e, e.occurredAt());
    }

    List<LedgerEntry> ledger() {
        return ledger.readValuesToList();
    }

    List<KeyValue<String, LedgerEntry>> ledgerRecords() {
        return ledger.readKeyValuesToList();
    }

    List<SpendView> views() {
        return spend.readValuesToList();
    }

    List<KeyValue<String, SpendView>> viewRecords() {
        return spend.readKeyValuesToList();
    }

    Map<String, QualityScore> latestQuality() {
        return quality.readKeyValuesToMap();
    }

    LedgerQueries queries() {
        return new LedgerQueries(() -> driver.getKeyValueStore(LedgerTopology.ACCOUNT_STORE),
                () -> driver.getWindowStore(LedgerTopology.REPORT_STORE),
                () -> driver.getKeyValueStore(LedgerTopology.RECENT_STORE),
                () -> driver.getWindowStore(LedgerTopology.USAGE_STORE), config);
    }

    @Override
    public void close() {
        driver.close();
    }
}
