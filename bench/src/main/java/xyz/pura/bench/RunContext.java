package xyz.pura.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every phase of a run shares: the addresses and settings bench/run.sh hands over by environment, the
 * gateway under measurement, the clients, the report being written and the failures found so far.
 * {@link Harness} makes one and passes it to its phases.
 */
final class RunContext {
    final boolean smoke = "1".equals(System.getenv("BENCH_SMOKE"));
    final String mock = env("BENCH_MOCK_URL");
    final String slowMock = optEnv("BENCH_SLOW_MOCK_URL");
    final String portkey = optEnv("BENCH_PORTKEY_URL");
    final Path dataDir = Path.of(env("BENCH_PURA_DATA_DIR"));
    final Path out = Path.of(env("BENCH_REPORT"));
    final double scale = Double.parseDouble(System.getenv().getOrDefault("BENCH_SCALE", "1"));
    final Gateway gateway = new Gateway(Long.parseLong(env("BENCH_PURA_PID")), dataDir,
            optEnv("BENCH_GC_LOG") == null ? null : Path.of(optEnv("BENCH_GC_LOG")));
    final Clients c = new Clients(env("BENCH_PURA_URL"), portkey, smoke ? null : Wrk.binary(), dataDir.resolve("wrk"));
    /** The compare run ({@code ./pura bench --compare}), which replaces the full run's phases. */
    final boolean compare = "1".equals(System.getenv("BENCH_COMPARE"));
    final Report report = new Report();
    final List<String> failures = new ArrayList<>();
    final byte[] plain = Clients.body("gpt-4o-mini", false, 40);
    final byte[] streamBody = Clients.body("gpt-4o-mini", true, 40);

    static String env(String k) {
        String v = optEnv(k);
        if (v == null) {
            throw new IllegalArgumentException("missing environment variable " + k);
        }
        return v;
    }

    static String optEnv(String k) {
        String v = System.getenv(k);
        return v == null || v.isBlank() ? null : v;
    }

    /** A phase's duration in nanoseconds: its full-run seconds times BENCH_SCALE. */
    long dur(double fullSeconds) {
        return BenchUtil.sec(fullSeconds * scale);
    }

    void check(Load.Result r, boolean mustBeClean) {
        System.out.println(Report.latencyRow(r));
        if (mustBeClean && r.errors.get() > 0) {
            failures.add(r.label + ": " + r.errors.get() + " errors " + r.errorSummary());
        }
    }

    void line(String s) {
        report.line(s);
    }
}
