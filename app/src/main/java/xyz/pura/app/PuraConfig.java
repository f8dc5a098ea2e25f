package xyz.pura.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import xyz.pura.events.Usd;
import xyz.pura.router.RouterConfig;

/**
 * The launcher's configuration, read once from the environment (names in ARCHITECTURE.md section 6).
 * {@link #toString()} prints no secret. Provider keys are read by ProviderSettings from the same map.
 *
 * @param bootstrapServers null: start the embedded broker
 */
public record PuraConfig(String host, int port, Path dataDir, String bootstrapServers, Usd dailyBudget,
                         long maxBodyBytes, int partitions, Duration upstreamTimeout, int breakerFailures,
                         Duration breakerOpenFor, double explorationRate, Set<Role> roles, Map<String, String> env) {

    public static PuraConfig fromEnv(Map<String, String> env) {
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        return new PuraConfig(
                env.getOrDefault("PURA_HOST", "127.0.0.1"),
                intOf(env, "PURA_PORT", 8080),
                Path.of(env.getOrDefault("PURA_DATA_DIR", ".pura-data")).toAbsolutePath(),
                bootstrap == null || bootstrap.isBlank() ? null : bootstrap,
                usdOf(env, "PURA_DAILY_BUDGET_USD", "10"),
                intOf(env, "PURA_MAX_BODY_BYTES", 4 * 1024 * 1024),
                intOf(env, "PURA_TOPIC_PARTITIONS", 3),
                Duration.ofSeconds(intOf(env, "PURA_UPSTREAM_TIMEOUT_SECONDS", 120)),
                intOf(env, "PURA_BREAKER_FAILURES", 5),
                Duration.ofSeconds(intOf(env, "PURA_BREAKER_OPEN_SECONDS", 30)),
                rateOf(env, "PURA_EXPLORATION_RATE", RouterConfig.defaults().explorationRate()),
                Role.parse(env.get("PURA_ROLES")),
                Map.copyOf(env));
    }

    private static Usd usdOf(Map<String, String> env, String name, String dflt) {
        String v = env.get(name);
        try {
            return Usd.parse(v == null || v.isBlank() ? dflt : v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be a USD amount such as 10 or 2.50, not '" + v + "'");
        }
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

    private static double rateOf(Map<String, String> env, String name, double dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        double rate;
        try {
            rate = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a probability such as 0.05, not '" + v + "'");
        }
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, not " + v);
        }
        return rate;
    }

    /** How often pending invoices are checked with the Lightning backend (PURA_WALLET_POLL_SECONDS, default 2). */
    public Duration walletPollInterval() {
        return Duration.ofSeconds(intOf(env, "PURA_WALLET_POLL_SECONDS", 2));
    }

    /**
     * Billing events the gateway may hold unacknowledged (Kafka down) before it refuses requests with 503
     * rather than serve them unbilled (PURA_MAX_UNACKED_EVENTS, default 20,000: two per request, within the
     * producer's 64 MiB buffer).
     */
    public long maxUnackedEvents() {
        return intOf(env, "PURA_MAX_UNACKED_EVENTS", 20_000);
    }

    /**
     * Chat requests served at once (streams included) before new ones get 503 {@code overloaded}
     * (PURA_MAX_IN_FLIGHT, default 2,000: room for 1,000 held-open streams besides short requests, and
     * within the default 320 MB heap).
     */
    public int maxInFlight() {
        return (int) intOf(env, "PURA_MAX_IN_FLIGHT", 2_000);
    }

    /**
     * How long a chat request's whole body may take to arrive (PURA_BODY_READ_TIMEOUT_SECONDS, default 10); past it the
     * request is answered 408 {@code request_timeout}. It is read before the request takes an in-flight permit.
     */
    public Duration bodyReadTimeout() {
        return Duration.ofSeconds(positive("PURA_BODY_READ_TIMEOUT_SECONDS", 10));
    }

    /**
     * The slowest average a chat request's body may arrive at after its first second (PURA_MIN_REQUEST_BYTES_PER_SECOND,
     * default 1024; 0: no minimum, only the deadline); a slower body is answered 408 {@code request_timeout}.
     */
    public long minRequestBytesPerSecond() {
        int rate = intOf(env, "PURA_MIN_REQUEST_BYTES_PER_SECOND", 1024);
        if (rate < 0) {
            throw new IllegalArgumentException("PURA_MIN_REQUEST_BYTES_PER_SECOND must be 0 or more, not " + rate);
        }
        return rate;
    }

    /**
     * How long one write of a streamed answer may block on a client that stopped reading
     * (PURA_STREAM_WRITE_TIMEOUT_SECONDS, default 30); then the stream is cut and billed as {@code client_cancelled}
     * for what was written.
     */
    public Duration streamWriteTimeout() {
        return Duration.ofSeconds(positive("PURA_STREAM_WRITE_TIMEOUT_SECONDS", 30));
    }

    private int positive(String name, int dflt) {
        int v = intOf(env, name, dflt);
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + v);
        }
        return v;
    }

    /**
     * How far the event spool makes each event durable before the answer goes on (PURA_SPOOL_SYNC):
     * {@code none} (default; the page cache, which survives a crash of the gateway but not of the machine,
     * like a Kafka broker's own acknowledgement) or {@code group} (a shared fdatasync; survives power loss).
     */
    public xyz.pura.journal.Spool.Sync spoolSync() {
        String v = env.get("PURA_SPOOL_SYNC");
        try {
            return xyz.pura.journal.Spool.Sync.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PURA_SPOOL_SYNC must be none or group, not " + v);
        }
    }

    /** Requests per minute per key (PURA_RATE_LIMIT_RPM; default 0: unlimited). */
    public long rateLimitPerMinute() {
        return intOf(env, "PURA_RATE_LIMIT_RPM", 0);
    }

    /** Keys a client address may create per minute (PURA_KEYS_PER_MINUTE_PER_ADDRESS; default 10; 0: unlimited). */
    public long keysPerMinutePerAddress() {
        return intOf(env, "PURA_KEYS_PER_MINUTE_PER_ADDRESS", 10);
    }

    /** How long a request that only its key's reservations in flight keep out waits for them before a 429 (PURA_ADMISSION_WAIT_MS; default 2000). */
    public java.time.Duration admissionWait() {
        int ms = intOf(env, "PURA_ADMISSION_WAIT_MS", 2000);
        if (ms < 0) {
            throw new IllegalArgumentException("PURA_ADMISSION_WAIT_MS must not be negative, not " + ms);
        }
        return java.time.Duration.ofMillis(ms);
    }

    /** Output tokens a request without max_tokens reserves before its model has history (PURA_DEFAULT_OUTPUT_TOKENS; default 512). */
    public int defaultOutputTokens() {
        int n = intOf(env, "PURA_DEFAULT_OUTPUT_TOKENS", 512);
        if (n < 1 || n > 1_000_000) {
            throw new IllegalArgumentException("PURA_DEFAULT_OUTPUT_TOKENS must be between 1 and 1000000, not " + n);
        }
        return n;
    }

    /** Who may create keys (PURA_KEY_CREATION): open (default, anyone) or admin (the admin token only). */
    public boolean keyCreationAdminOnly() {
        String v = env.getOrDefault("PURA_KEY_CREATION", "open").strip().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "", "open" -> false;
            case "admin" -> true;
            default -> throw new IllegalArgumentException("PURA_KEY_CREATION must be open or admin, not '" + v + "'");
        };
    }

    /** The proxies whose X-Forwarded-For names the client (PURA_TRUSTED_PROXIES: addresses and CIDR blocks; default none). */
    public xyz.pura.ingress.edge.ClientAddress clientAddresses() {
        return xyz.pura.ingress.edge.ClientAddress.trusting(env.get("PURA_TRUSTED_PROXIES"));
    }

    /** Self-service keys per client address (IPv6 /64) and UTC day that get the free tier (PURA_FREE_TIER_KEYS_PER_ADDRESS; default 3; -1: all). */
    public int freeTierKeysPerAddress() {
        return intOf(env, "PURA_FREE_TIER_KEYS_PER_ADDRESS", 3);
    }

    /** The most free-tier requests may cost this instance per UTC day (PURA_FREE_TIER_DAILY_USD; default 100; 0: no ceiling). */
    public Usd freeTierDailyUsd() {
        Usd cap = usdOf(env, "PURA_FREE_TIER_DAILY_USD", "100");
        if (cap.isNegative()) {
            throw new IllegalArgumentException("PURA_FREE_TIER_DAILY_USD must not be negative");
        }
        return cap;
    }

    /** Funding invoices a key may ask for per minute (PURA_FUND_PER_MINUTE_PER_KEY; default 10; 0: unlimited). */
    public long fundPerMinutePerKey() {
        return intOf(env, "PURA_FUND_PER_MINUTE_PER_KEY", 10);
    }

    /** Unpaid, unexpired invoices a key may hold at once (PURA_MAX_PENDING_INVOICES_PER_KEY; default 5). */
    public int maxPendingInvoicesPerKey() {
        int n = intOf(env, "PURA_MAX_PENDING_INVOICES_PER_KEY", 5);
        if (n < 1) {
            throw new IllegalArgumentException("PURA_MAX_PENDING_INVOICES_PER_KEY must be 1 or more, not " + n);
        }
        return n;
    }

    /** The router's settings: defaults, with the exploration rate from PURA_EXPLORATION_RATE (doubled when degraded). */
    public RouterConfig routerConfig() {
        return RouterConfig.defaults().withExplorationRates(explorationRate, Math.min(1, explorationRate * 2));
    }

    public PuraConfig withPort(int newPort) {
        return new PuraConfig(host, newPort, dataDir, bootstrapServers, dailyBudget, maxBodyBytes, partitions,
                upstreamTimeout, breakerFailures, breakerOpenFor, explorationRate, roles, env);
    }

    @Override
    public String toString() {
        return "PuraConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", kafka="
                + (bootstrapServers == null ? "embedded" : bootstrapServers) + ", dailyBudget=" + dailyBudget
                + ", maxBodyBytes=" + maxBodyBytes + ", partitions=" + partitions  + ", upstreamTimeout=" + upstreamTimeout + ", exploration=" + explorationRate + ", breaker=" + breakerFailures + " failures/" + breakerOpenFor + "]";
    }
}
