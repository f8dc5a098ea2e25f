package xyz.pura.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import xyz.pura.chain.ChainOracleConfig;
import xyz.pura.ledger.LedgerConfig;
import xyz.pura.providers.Upstreams;
import xyz.pura.router.RouterConfig;
import xyz.pura.simulator.SimulatorConfig;
import xyz.pura.telemetry.TelemetryConfig;

/**
 * The launcher's settings, read once from the environment by {@link #fromEnv} (names and defaults in the README's
 * configuration table) into one validated record per concern; the parts are handed to the services that use
 * them. {@link #toString()} prints no secret.
 *
 * @param dataDir broker data, Streams state, spool, admin token (PURA_DATA_DIR, ./.pura-data)
 * @param bootstrapServers the Kafka cluster (KAFKA_BOOTSTRAP_SERVERS); null: start the embedded broker
 * @param roles what this process runs (PURA_ROLES, all)
 * @param providers the provider keys and base URLs, or the simulator when no key is set; its read timeout is
 *     PURA_UPSTREAM_TIMEOUT_SECONDS (120)
 * @param simulator the simulator's settings (PURA_SIM_*) when {@code providers} is simulated, else null
 * @param ledgerUrl the ledger instances of an ingress without the ledger role (PURA_LEDGER_URL, one URL or several
 *     separated by commas), or null
 * @param ledgerInstance how this process's ledger is found by the others when several run
 * @param adminToken PURA_ADMIN_TOKEN, or null: {@link AdminToken} generates one under {@code dataDir}
 * @param telemetry OpenTelemetry export (the standard OTEL_* variables; off without OTEL_EXPORTER_OTLP_ENDPOINT)
 */
public record PuraConfig(Path dataDir, String bootstrapServers, Set<Role> roles, DoorSettings door,
                         AdmissionSettings admission, JournalSettings journal, WalletSettings wallet,
                         BreakerSettings breaker, LedgerConfig ledger, ChainOracleConfig chain, Upstreams providers,
                         SimulatorConfig simulator, RouterConfig router, String ledgerUrl,
                         LedgerSettings ledgerInstance, String adminToken, TelemetryConfig telemetry) {

    public PuraConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        EnumSet<Role> copy = EnumSet.noneOf(Role.class);
        copy.addAll(roles);
        roles = Collections.unmodifiableSet(copy);
        Objects.requireNonNull(door, "door");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(wallet, "wallet");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(ledgerInstance, "ledgerInstance");
        Objects.requireNonNull(telemetry, "telemetry");
        if (providers.simulated() && simulator == null) {
            throw new IllegalArgumentException("the simulator serves (no provider key is set) but has no settings");
        }
        Problems p = new Problems();
        checkLedgerUrl(roles, ledgerUrl, p);
        p.throwIfAny();
    }

    /**
     * Reads every variable once and validates it.
     *
     * @throws IllegalArgumentException listing every bad variable, each with its message
     */
    public static PuraConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        Path dataDir = Path.of(r.string("PURA_DATA_DIR", ".pura-data")).toAbsolutePath();
        String bootstrap = r.raw("KAFKA_BOOTSTRAP_SERVERS");
        Set<Role> roles = r.of(() -> Role.parse(r.raw("PURA_ROLES")), EnumSet.of(Role.INGRESS, Role.LEDGER, Role.ORACLE));
        LedgerConfig ledger = r.of(() -> LedgerConfig.fromEnv(r.env()), LedgerConfig.defaults());
        DoorSettings door = DoorSettings.read(r);
        AdmissionSettings admission = AdmissionSettings.read(r, ledger.defaultDailyBudget());
        JournalSettings journal = JournalSettings.read(r);
        WalletSettings wallet = WalletSettings.read(r, dataDir);
        BreakerSettings breaker = BreakerSettings.read(r);
        ChainOracleConfig chain = r.of(() -> ChainOracleConfig.fromEnv(r.env()), null);
        Upstreams providers = Upstreams.fromEnv(r.env(),
                Duration.ofSeconds(r.integer("PURA_UPSTREAM_TIMEOUT_SECONDS", 120)));
        SimulatorConfig simulator = providers.simulated()
                ? r.of(() -> SimulatorConfig.fromEnv(r.env()), SimulatorConfig.defaults()) : null;
        RouterConfig router = r.of(() -> RouterConfig.fromEnv(r.env()), RouterConfig.defaults());
        String ledgerUrl = blankToNull(r.raw("PURA_LEDGER_URL"));
        LedgerSettings ledgerInstance = LedgerSettings.read(r, door);
        String adminToken = blankToNull(r.raw("PURA_ADMIN_TOKEN"));
        TelemetryConfig telemetry = r.of(() -> TelemetryConfig.fromEnv(r.env()), TelemetryConfig.off());
        checkLedgerUrl(roles, ledgerUrl, r.problems());
        r.problems().throwIfAny();
        return new PuraConfig(dataDir, blankToNull(bootstrap), roles, door, admission, journal, wallet, breaker, ledger,
                chain, providers, simulator, router, ledgerUrl, ledgerInstance, adminToken == null ? null : adminToken.trim(),
                telemetry);
    }

    private static void checkLedgerUrl(Set<Role> roles, String ledgerUrl, Problems problems) {
        problems.check(!roles.contains(Role.INGRESS) || roles.contains(Role.LEDGER) || ledgerUrl != null,
                "PURA_ROLES has ingress without ledger: set PURA_LEDGER_URL to the ledger process (its PURA_PORT), "
                        + "e.g. http://ledger:8080");
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }

    /** The same settings listening on another port (tests). */
    public PuraConfig withPort(int newPort) {
        return new PuraConfig(dataDir, bootstrapServers, roles, door.withPort(newPort), admission, journal, wallet,
                breaker, ledger, chain, providers, simulator, router, ledgerUrl, ledgerInstance, adminToken, telemetry);
    }

    @Override
    public String toString() {
        return "PuraConfig[dataDir=" + dataDir + ", kafka=" + (bootstrapServers == null ? "embedded" : bootstrapServers)
                + ", roles=" + roles + ", " + door + ", " + admission + ", " + journal + ", " + wallet + ", " + breaker
                + ", " + ledger + ", " + chain + ", " + providers + ", simulator=" + simulator + ", " + router
                + ", ledgerUrl=" + redactedUrls(ledgerUrl) + ", " + ledgerInstance + ", adminToken=" + (adminToken == null ? "generated" : "set")
                + ", " + telemetry + "]";
    }

    /** Each URL of a comma-separated list, redacted. */
    static String redactedUrls(String urls) {
        if (urls == null) {
            return "none";
        }
        return String.join(",", java.util.Arrays.stream(urls.split(",")).map(String::trim).filter(u -> !u.isEmpty())
                .map(PuraConfig::redactedUrl).toList());
    }

    /** Scheme, host and port only (a URL may carry credentials in its user info, path or query). */
    static String redactedUrl(String url) {
        if (url == null) {
            return "none";
        }
        try {
            URI u = URI.create(url.trim());
            if (u.getHost() == null) {
                return "***";
            }
            String base = u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
            String path = u.getRawPath();
            boolean more = u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null
                    || (path != null && !path.isEmpty() && !path.equals("/"));
            return more ? base + "/***" : base;
        } catch (IllegalArgumentException e) {
            return "***";
        }
    }
}
