package xyz.pura.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The launcher's commands: {@code up} (start everything, the default) and
 * {@code replay [--check | --reprice VERSION]} (reconcile the ledger, or price its history under another rate card),
 * and {@code train [SECONDS]} (the ahead-of-time cache's training run, {@link Train}). Replay uses KAFKA_BOOTSTRAP_SERVERS, else the embedded broker of
 * PURA_DATA_DIR: the running gateway's, or, when the gateway is stopped, a broker it starts on that
 * data for the time of the command.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "up" : args[0];
        switch (command) {
            case "up" -> up();
            case "replay" -> System.exit(replay(List.of(args).subList(1, args.length)));
            case "train" -> System.exit(Train.run(java.time.Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 30)));
            default -> {
                System.err.println("unknown command '" + command + "'. Commands: up, " + ReplayCommand.USAGE);
                System.exit(2);
            }
        }
    }

    private static void up() throws InterruptedException, IOException {
        PuraConfig config = PuraConfig.fromEnv(System.getenv());
        int warmup = warmupSeconds(System.getenv().get("PURA_WARMUP_SECONDS"));
        if (warmup > 0) {
            // before the real gateway starts, on a gateway of its own: the JIT compiles the hot path under the training
            // mix, so the first real requests are served by compiled code (readiness comes that much later)
            long t0 = System.nanoTime();
            long served = Train.warm(java.time.Duration.ofSeconds(warmup));
            System.out.printf("warmed up: %d answers in %d s (PURA_WARMUP_SECONDS=%d)%n", served,
                    (System.nanoTime() - t0) / 1_000_000_000L, warmup);
        }
        PuraApp app = PuraApp.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "pura-shutdown"));
        System.out.println("Pura gateway ready at " + app.baseUrl() + "  (OpenAI base URL: " + app.baseUrl() + "/v1)");
        stopped.await();
    }

    /** PURA_WARMUP_SECONDS: 0 to 600, default 0 (read here, before the configuration, since it precedes the gateway). */
    static int warmupSeconds(String raw) {
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= 0 && v <= 600) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("PURA_WARMUP_SECONDS must be 0 to 600, not '" + raw + "'");
    }

    private static int replay(List<String> args) throws IOException {
        ReplayCommand.Mode mode;
        try {
            mode = ReplayCommand.Mode.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + ". Usage: " + ReplayCommand.USAGE);
            return 2;
        }
        PuraConfig config = PuraConfig.fromEnv(System.getenv());
        if (config.bootstrapServers() != null) {
            return ReplayCommand.run(config.bootstrapServers(), mode, System.out);
        }
        Path ports = config.dataDir().resolve("kafka").resolve("ports.properties");
        if (!Files.exists(ports)) {
            System.err.println("no Kafka to replay: set KAFKA_BOOTSTRAP_SERVERS, or PURA_DATA_DIR to a gateway's data ("
                    + config.dataDir() + " has none)");
            return 2;
        }
        String bootstrap = "127.0.0.1:" + brokerPort(ports);
        if (EmbeddedKafka.reachable(bootstrap)) {
            return ReplayCommand.run(bootstrap, mode, System.out);
        }
        try (EmbeddedKafka broker = new EmbeddedKafka(config.dataDir()).start()) {
            return ReplayCommand.run(broker.bootstrapServers(), mode, System.out);
        }
    }

    private static String brokerPort(Path ports) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(ports)) {
            p.load(r);
        }
        return p.getProperty("broker");
    }
}
