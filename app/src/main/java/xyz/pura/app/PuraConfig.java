package xyz.pura.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import xyz.pura.events.Usd;

/**
 * The launcher's configuration, read once from the environment (names in ARCHITECTURE.md section 6).
 * {@link #toString()} prints no secret. Provider keys are read by ProviderSettings from the same map.
 *
 * @param bootstrapServers null: start the embedded broker
 */
public record PuraConfig(String host, int port, Path dataDir, String bootstrapServers, Usd dailyBudget,
                         long maxBodyBytes, int partitions, Duration upstreamTimeout, Map<String, String> env) {

    public static PuraConfig fromEnv(Map<String, String> env) {
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        return new PuraConfig(
                env.getOrDefault("PURA_HOST", "127.0.0.1"),
                intOf(env, "PURA_PORT", 8080),
                Path.of(env.getOrDefault("PURA_DATA_DIR", ".pura-data")).toAbsolutePath(),
                bootstrap == null || bootstrap.isBlank() ? null : bootstrap,
                Usd.parse(env.getOrDefault("PURA_DAILY_BUDGET_USD", "10")),
                intOf(env, "PURA_MAX_BODY_BYTES", 4 * 1024 * 1024),
                intOf(env, "PURA_TOPIC_PARTITIONS", 3),
                Duration.ofSeconds(intOf(env, "PURA_UPSTREAM_TIMEOUT_SECONDS", 120)),
                Map.copyOf(env));
    }

    private static int intOf(Map<String, String> env, String name, int dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + v + "'");
        }
    }

    public PuraConfig withPort(int newPort) {
        return new PuraConfig(host, newPort, dataDir, bootstrapServers, dailyBudget, maxBodyBytes, partitions,
                upstreamTimeout, env);
    }

    @Override
    public String toString() {
        return "PuraConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", kafka="
                + (bootstrapServers == null ? "embedded" : bootstrapServers) + ", dailyBudget=" + dailyBudget
                + ", maxBodyBytes=" + maxBodyBytes + ", partitions=" + partitions + ", upstreamTimeout=" + upstreamTimeout + "]";
    }
}
