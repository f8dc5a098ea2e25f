package xyz.pura.app.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * Three KRaft nodes (each broker and controller, ids 1 to 3, one static quorum, one cluster id), each in its own
 * child JVM ({@link KafkaClusterNode}, on this JVM's class path) so a test can {@link #kill} one with SIGKILL and
 * {@link #restart} it on the same ports and data. Loopback ports, data under a temporary folder removed by
 * {@link #close()}; 256 MiB of heap per node.
 */
public final class KafkaCluster implements AutoCloseable {
    public static final int NODES = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final String clusterId = Uuid.randomUuid().toString();
    private final int[] brokerPorts = new int[NODES];
    private final int[] controllerPorts = new int[NODES];
    private final String voters;
    private final Process[] nodes = new Process[NODES];

    private KafkaCluster(Path dir) throws IOException {
        this.dir = dir;
        int[] ports = freePorts(2 * NODES);
        for (int i = 0; i < NODES; i++) {
            brokerPorts[i] = ports[i];
            controllerPorts[i] = ports[NODES + i];
        }
        voters = IntStream.range(0, NODES).mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts[i])
                .collect(Collectors.joining(","));
    }

    /** Starts the three nodes and returns once the cluster describes three brokers. */
    public static KafkaCluster start() {
        KafkaCluster cluster;
        try {
            cluster = new KafkaCluster(Files.createTempDirectory("pura-kafka-cluster"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            for (int id = 1; id <= NODES; id++) {
                cluster.launch(id);
            }
            cluster.awaitBrokers(NODES, READY_TIMEOUT);
            // a test JVM that dies must not leave three brokers behind
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "kafka-cluster-close"));
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return IntStream.of(brokerPorts).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** The broker address of one node. */
    public String bootstrapServers(int nodeId) {
        return "127.0.0.1:" + brokerPorts[index(nodeId)];
    }

    /** kill -9 of one node's JVM. */
    public synchronized void kill(int nodeId) {
        Process p = nodes[index(nodeId)];
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        nodes[index(nodeId)] = null;
    }

    /** Starts one node again on its ports and data (killing it first if it still runs); returns once all three are brokers. */
    public void restart(int nodeId) {
        kill(nodeId);
        launch(nodeId);
        awaitBrokers(NODES, READY_TIMEOUT);
    }

    /** Waits until the cluster describes exactly {@code count} brokers (a killed one is gone once it is fenced). */
    public void awaitBrokers(int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000))) {
            while (Instant.now().isBefore(deadline)) {
                checkAlive();
                try {
                    int brokers = admin.describeCluster().nodes().get().size();
                    if (brokers == count) {
                        return;
                    }
                    last = new IllegalStateException(brokers + " brokers");
                } catch (Exception e) {
                    last = e;
                }
                sleep(200);
            }
        }
        throw new IllegalStateException("the test cluster did not show " + count + " brokers within " + timeout
                + " (last: " + last + ")\n" + logs(), last);
    }

    private synchronized void launch(int nodeId) {
        int i = index(nodeId);
        Path nodeDir = dir.resolve("node-" + nodeId);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx256m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:+EnableDynamicAgentLoading", "-cp", System.getProperty("java.class.path"),
                KafkaClusterNode.class.getName(), String.valueOf(nodeId), nodeDir.toString(),
                String.valueOf(brokerPorts[i]), String.valueOf(controllerPorts[i]), voters, clusterId);
        try {
            Files.createDirectories(nodeDir);
            nodes[i] = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir.resolve("out.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + nodeId, e);
        }
    }

    private void checkAlive() {
        for (int i = 0; i < NODES; i++) {
            if (nodes[i] != null && !nodes[i].isAlive()) {
                throw new IllegalStateException("node " + (i + 1) + " exited with " + nodes[i].exitValue() + "\n" + logs());
            }
        }
    }

    /** The last lines of each node's output, for a failure's message. */
    private String logs() {
        StringBuilder out = new StringBuilder();
        for (int id = 1; id <= NODES; id++) {
            Path log = dir.resolve("node-" + id).resolve("out.log");
            out.append("--- node ").append(id).append(" ---\n");
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> out.append(l).append('\n'));
            } catch (IOException e) {
                out.append("(no output)\n");
            }
        }
        return out.toString();
    }

    @Override
    public synchronized void close() {
        List<Process> running = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            if (nodes[i] != null) {
                nodes[i].destroy();
                running.add(nodes[i]);
                nodes[i] = null;
            }
        }
        for (Process p : running) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }

    private static int index(int nodeId) {
        if (nodeId < 1 || nodeId > NODES) {
            throw new IllegalArgumentException("node ids are 1 to " + NODES + ", not " + nodeId);
        }
        return nodeId - 1;
    }

    /** Distinct free ports: every socket stays open until all are chosen, so none is handed out twice. */
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
