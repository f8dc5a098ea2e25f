package xyz.pura.ledger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link LedgerTopology} with exactly-once v2 and RocksDB stores under {@code <dataDir>/streams}.
 * The topics must exist (the app creates them). {@link #start(Duration)} returns once Streams is RUNNING.
 */
public final class LedgerStreamsService implements AutoCloseable {
    public static final String APPLICATION_ID = "pura-ledger";
    private static final Logger LOG = LoggerFactory.getLogger(LedgerStreamsService.class);

    private final KafkaStreams streams;
    private final LedgerQueries queries;
    /** Opened on RUNNING, or on a state that means it will never get there. */
    private final CountDownLatch settled = new CountDownLatch(1);
    private volatile KafkaStreams.State lastState = KafkaStreams.State.CREATED;
    private volatile boolean reachedRunning;

    public LedgerStreamsService(LedgerConfig config, Properties streamsProperties) {
        this.streams = new KafkaStreams(LedgerTopology.build(config), streamsProperties);
        this.queries = LedgerQueries.of(streams, config);
        streams.setStateListener((now, before) -> {
            lastState = now;
            if (now == KafkaStreams.State.RUNNING) {
                reachedRunning = true;
            }
            LOG.info("ledger streams {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR
                    || now == KafkaStreams.State.PENDING_ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                settled.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("ledger streams thread failed; shutting the ledger down", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    /**
     * The service's Streams settings: application id {@value #APPLICATION_ID}, exactly-once v2, RocksDB
     * state under {@code <dataDir>/streams}; an unreadable record is logged and skipped (it cannot be
     * billed), any other failure stops the ledger. The internal topics Streams creates (changelogs, repartitions)
     * get {@code config}'s {@link LedgerConfig#internalTopics() replication}.
     */
    public static Properties streamsProperties(String bootstrapServers, Path dataDir, LedgerConfig config) {
        Properties p = new Properties();
        LedgerConfig.InternalTopics internal = config.internalTopics();
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, internal.replicationFactor());
        if (internal.minInsyncReplicas() > 0) {
            p.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), String.valueOf(internal.minInsyncReplicas()));
        }
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, dataDir.resolve("streams").toAbsolutePath().toString());
        p.put(StreamsConfig.DEFAULT_DSL_STORE_CONFIG, StreamsConfig.ROCKS_DB);
        // all stores share one bounded block cache and memtable budget
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, xyz.pura.ledger.internal.BoundedRocksDb.class);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        // a crashed instance's partitions move after 10 s, not the default 45 s
        p.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 10_000);
        p.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 2_000);
        // under load, fetch completions in batches (up to 20 ms or 64 KiB) rather than a few records per request;
        // only the main consumer (the global and restore consumers keep the defaults, so they do not poll an
        // idle broker 50 times a second)
        p.put(StreamsConfig.mainConsumerPrefix("fetch.min.bytes"), 64 * 1024);
        p.put(StreamsConfig.mainConsumerPrefix("fetch.max.wait.ms"), 20);
        // under exactly-once, results are visible to read_committed readers only at commits: 100 ms (the EOS default), kept explicit
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        return p;
    }

    /**
     * Settings of one instance among several: {@code application.server} (where the other instances and ingresses
     * reach this instance's ledger endpoint, {@code host:port}) and the standby replicas of each store kept on other
     * instances, so that a failed instance's keys are served again (and its tasks resume) in seconds, not after a
     * restore from the changelogs.
     *
     * @param applicationServer {@code host:port}, or null for a single instance
     */
    public static Properties instance(Properties p, String applicationServer, int standbyReplicas) {
        if (applicationServer != null) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        return p;
    }

    /**
     * Which instance holds {@code store}'s partition of {@code keyId} as active, and which as standby:
     * {@link KeyQueryMetadata#NOT_AVAILABLE} while that is not known (starting, rebalancing).
     */
    public KeyQueryMetadata owner(String store, String keyId) {
        try {
            return streams.queryMetadataForKey(store, keyId, Serdes.String().serializer());
        } catch (IllegalStateException notRunning) {
            return KeyQueryMetadata.NOT_AVAILABLE;
        }
    }

    /**
     * Starts Streams and waits until it is RUNNING.
     *
     * @throws TimeoutException when it is not RUNNING within {@code timeout} (it keeps trying; close it)
     * @throws IllegalStateException when it stopped on an error instead
     */
    public void start(Duration timeout) throws InterruptedException, TimeoutException {
        streams.start();
        if (!settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("ledger streams not RUNNING after " + timeout + " (state " + lastState + ")");
        }
        if (!reachedRunning) {
            throw new IllegalStateException("ledger streams stopped before RUNNING (state " + lastState + ")");
        }
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Interactive queries of this instance's stores. */
    public LedgerQueries queries() {
        return queries;
    }


    /**
     * Stops Streams, committing what it processed, and leaves the group so that a restarted instance
     * takes its partitions at once instead of after the session timeout; waits up to 30 s.
     */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }

    /** Runs the ledger alone against {@code KAFKA_BOOTSTRAP_SERVERS}, state under {@code PURA_DATA_DIR}. */
    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("KAFKA_BOOTSTRAP_SERVERS is required to run the ledger on its own");
        }
        Path dataDir = Path.of(env.getOrDefault("PURA_DATA_DIR", "./.pura-data"));
        LedgerConfig config = LedgerConfig.fromEnv(env);
        LedgerStreamsService service = new LedgerStreamsService(config, streamsProperties(bootstrap, dataDir, config));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "ledger-shutdown"));
        service.start(Duration.ofMinutes(5));
        LOG.info("ledger streams running against {}", bootstrap);
        stopped.await();
    }
}
