package xyz.pura.app.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * One node of {@link KafkaCluster}, the {@code main} of its child JVM: a combined broker and controller built from
 * Kafka's own classes as {@link xyz.pura.app.EmbeddedKafka} builds its single node, but one of three voters, with
 * the cluster's internal topics replicated three times (min ISR 2). Formats its storage on first start only, so a
 * restart after {@code kill -9} finds its log again.
 *
 * <p>Arguments: node id, data dir, broker port, controller port, {@code controller.quorum.voters}, cluster id.
 */
public final class KafkaClusterNode {
    /** Printed once the server has started; the parent still waits for the cluster to describe every broker. */
    static final String STARTED = "pura-test-kafka-node-started";

    private KafkaClusterNode() {
    }

    public static void main(String[] args) throws Exception {
        int nodeId = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        int brokerPort = Integer.parseInt(args[2]);
        int controllerPort = Integer.parseInt(args[3]);
        String voters = args[4];
        String clusterId = args[5];
        Path logs = dir.resolve("logs");
        Files.createDirectories(dir);
        Properties p = properties(nodeId, logs, brokerPort, controllerPort, voters);
        Path cfg = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(cfg)) {
            p.store(w, "node " + nodeId + " of the test cluster");
        }
        if (!Files.exists(logs.resolve("meta.properties"))) {
            format(cfg, clusterId);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
            stopped.countDown();
        }, "kafka-node-shutdown"));
        server.startup();
        System.out.println(STARTED + " " + nodeId);
        System.out.flush();
        stopped.await();
    }

    static Properties properties(int nodeId, Path logs, int brokerPort, int controllerPort, String voters) {
        // the cluster's own topics as a production cluster of three keeps them (3 replicas, min ISR 2);
        // min.insync.replicas and default.replication.factor stay Kafka's defaults (1 and 1), so that what Pura's
        // topics get is what Pura asks, not the broker's
        Properties p = xyz.pura.app.EmbeddedKafka.node(nodeId, logs, brokerPort, controllerPort, 3);
        p.put("controller.quorum.voters", voters);
        // a killed node is fenced (and leaves the ISR) after 6 s rather than 9
        p.put("broker.session.timeout.ms", "6000");
        p.put("broker.heartbeat.interval.ms", "1000");
        // three of these share two cores with the test: few threads each
        p.put("num.replica.fetchers", "1");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        return p;
    }

    private static void format(Path cfg, String clusterId) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            // a static quorum (controller.quorum.voters): no --standalone, no --initial-controllers
            rc = StorageTool.execute(new String[]{"format", "-t", clusterId, "-c", cfg.toString()}, out);
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting the node's storage failed: " + buf.toString(StandardCharsets.UTF_8));
        }
    }
}
