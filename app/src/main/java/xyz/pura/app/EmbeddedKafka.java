package xyz.pura.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker in this JVM, built from Kafka's own broker classes (no Docker, no test
 * jars). State lives under {@code <dataDir>/kafka}; the ports chosen on first start are kept there
 * too, so a restart finds the same cluster at the same address.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path dir;
    private KafkaRaftServer server;
    private String bootstrapServers;

    public EmbeddedKafka(Path dataDir) {
        this.dir = dataDir.resolve("kafka");
    }

    public synchronized EmbeddedKafka start() {
        Instant startedAt = Instant.now();
        try {
            Files.createDirectories(dir);
            Properties ports = ports(dir);
            int brokerPort = Integer.parseInt(ports.getProperty("broker"));
            int controllerPort = Integer.parseInt(ports.getProperty("controller"));
            Path logs = dir.resolve("logs");
            Properties p = node(1, logs, brokerPort, controllerPort, 1);
            p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
            p.put("min.insync.replicas", "1");
            p.put("default.replication.factor", "1");
            Path cfg = dir.resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(cfg)) {
                p.store(w, "written by Pura on every start");
            }
            interceptExit();
            if (!Files.exists(logs.resolve("meta.properties"))) {
                format(cfg, ports.getProperty("cluster.id"));
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
            server.startup();
            bootstrapServers = "127.0.0.1:" + brokerPort;
            awaitReady(Duration.ofSeconds(60));
            closeTransactionsLeftOpen(startedAt);
            LOG.info("embedded Kafka broker (KRaft) ready at {} with data in {}", bootstrapServers, dir);
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * One KRaft node (broker and controller) on loopback, as this machine runs them: the listeners, the cluster's
     * own topics at {@code internalReplicas} (min ISR one less, at least 1), no automatic topic creation, and few
     * threads (one small machine). The caller adds the quorum.
     */
    public static Properties node(int nodeId, Path logs, int brokerPort, int controllerPort, int internalReplicas) {
        String rf = String.valueOf(internalReplicas);
        String minIsr = String.valueOf(Math.max(1, internalReplicas - 1));
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId));
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logs.toString());
        p.put("num.partitions", "3");
        p.put("offsets.topic.replication.factor", rf);
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        p.put("auto.create.topics.enable", "false");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        // one small machine: a thread per core at most for the broker's network and request handling
        // (the defaults, 3 network and 8 I/O threads, only add context switches next to the gateway)
        p.put("num.network.threads", "1");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        return p;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The ports kept in {@code dir} (the broker's state folder), chosen and saved on first use. */
    static Properties ports(Path dir) throws IOException {
        Path file = dir.resolve("ports.properties");
        Properties ports = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                ports.load(r);
            }
            // an earlier version could pick one port for both listeners, and such a broker never started (so it was
            // never formatted with that controller port): pick two again
            if (!ports.getProperty("broker", "").equals(ports.getProperty("controller"))) {
                return ports;
            }
        }
        int[] two = twoFreePorts();
        ports.setProperty("broker", String.valueOf(two[0]));
        ports.setProperty("controller", String.valueOf(two[1]));
        ports.setProperty("cluster.id", ports.getProperty("cluster.id", org.apache.kafka.common.Uuid.randomUuid().toString()));
        try (Writer w = Files.newBufferedWriter(file)) {
            ports.store(w, "ports of the embedded broker, kept across restarts");
        }
        return ports;
    }

    /**
     * Two distinct free ports. Both sockets are held open while the second is chosen: a port closed before the next
     * is asked for can be handed out again, and the broker refuses two listeners on one port (seen once on a first
     * `./pura up`, which then could not start on that data dir).
     */
    static int[] twoFreePorts() throws IOException {
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }

    private static void format(Path cfg, String clusterId) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[]{"format", "--standalone", "-t", clusterId, "-c", cfg.toString()}, out);
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting the broker storage failed: " + buf.toString(StandardCharsets.UTF_8));
        }
    }

    /** A fatal broker fault must not kill the JVM that hosts it (the gateway, or a test run). */
    private static void interceptExit() {
        Exit.setExitProcedure((code, message) -> LOG.error("embedded broker asked to exit ({}): {}", code, message));
        Exit.setHaltProcedure((code, message) -> LOG.error("embedded broker asked to halt ({}): {}", code, message));
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get().isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("the embedded broker did not become ready in " + timeout, e);
                    }
                }
            }
        }
    }

    /**
     * A restart after {@code kill -9} can leave a transaction open on a partition that its coordinator has
     * already completed (see {@link HangingTransactions}); close it before any client reads.
     */
    private void closeTransactionsLeftOpen(Instant startedAt) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000))) {
            HangingTransactions.close(admin, bootstrapServers, startedAt);
        } catch (RuntimeException e) {
            // the broker itself is fine; a ledger that then waits on an open transaction is the lesser harm than no gateway
            LOG.error("could not check for transactions a crash left open; if the ledger does not reach RUNNING, "
                    + "restart to retry: {}", e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            LOG.info("embedded Kafka broker stopped");
        }
    }

    /** Whether a broker answers at this address within a few seconds. */
    static boolean reachable(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000))) {
            return !admin.describeCluster().nodes().get().isEmpty();
        } catch (Exception e) {
            return false;
        }
    }
}
