package xyz.pura.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./pura bench --compare}: one short run (about three minutes) that prints Pura against Portkey
 * against the direct mock, closed loop with wrk ({@value #THREADS} thread, {@value #CONNECTIONS} connections,
 * non-streamed {@code gpt-4o-mini}), with each process's CPU per request measured from /proc over the same
 * window, after a fixed warm-up; and the warm-up itself, window by window from the gateway's first request, as the
 * share of the plateau reached. The run fails when Pura answered anything but 2xx.
 *
 * <p>Pura's process holds the ingress, the embedded broker and the ledger ({@code ./pura up}); its CPU is split
 * by thread name ({@link ProcessCpu}), so the broker's and the ledger's shares are shown apart.
 */
final class Compare {
    static final int THREADS = 1;
    static final int CONNECTIONS = 32;
    /** Seconds of each measured window. */
    static final int MEASURE = 15;
    /** Warm-up windows through Pura, from its first request. */
    static final int WARM_WINDOWS = 12;
    static final int WARM_WINDOW = 5;
    /** The fixed rate of the added-latency phase, and its seconds per target. */
    static final int FIXED_RPS = 1000;
    static final int FIXED_SECONDS = 10;

    private final RunContext ctx;
    private final long mockPid = Long.parseLong(RunContext.env("BENCH_MOCK_PID"));
    private final Long portkeyPid = RunContext.optEnv("BENCH_PORTKEY_PID") == null ? null
            : Long.valueOf(RunContext.env("BENCH_PORTKEY_PID"));

    Compare(RunContext ctx) {
        this.ctx = ctx;
    }

    /** One measured window: wrk's result and the CPU the server and the mock used in it. */
    record Row(String who, Wrk.Result r, ProcessCpu.Sample server, ProcessCpu.Sample mock) {
        double usPerRequest(ProcessCpu.Sample s) {
            return r.ok() == 0 ? Double.NaN : s.total() * 1e6 / r.ok();
        }
    }

    List<String> run() throws Exception {
        List<String> failures = new ArrayList<>();
        if (ctx.c.wrk == null) {
            failures.add("wrk is not installed: the compare run needs it");
            return failures;
        }
        String[] key = ctx.c.newKey("bench-compare");
        // the warm-up curve: closed loop through Pura from its first request
        List<double[]> curve = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int w = 1; w <= WARM_WINDOWS; w++) {
            Wrk.Result r = pura("warm-up " + w, key, WARM_WINDOW);
            curve.add(new double[] {(System.nanoTime() - t0) / 1e9, r.okRps(), r.non2xx() + r.socketErrors()});
            if (r.non2xx() > 0) {
                failures.add("warm-up window " + w + ": Pura answered " + r.non2xx() + " non-2xx");
            }
        }
        Row direct = measure("direct", mockPid, () -> ctx.c.wrk("direct",
                ctx.mock, Clients.directHeaders(), ctx.plain, MEASURE, THREADS, CONNECTIONS));
        BenchUtil.pause(2);
        Row pura = measure("Pura", ctx.gateway.pid, () -> pura("pura", key, MEASURE));
        if (pura.r().non2xx() > 0 || pura.r().socketErrors() > 0) {
            failures.add("Pura answered " + pura.r().non2xx() + " non-2xx (" + pura.r().socketErrors() + " socket errors)");
        }
        // added latency at a fixed 1,000 RPS (open model, from each request's due time), direct then through Pura
        BenchUtil.pause(2);
        Load.Result fixedDirect = Clients.directOpen("direct 1000", ctx.mock, ctx.plain, FIXED_RPS, BenchUtil.sec(FIXED_SECONDS), 20_000, false);
        BenchUtil.pause(1);
        Load.Result fixedPura = ctx.c.puraOpen("pura 1000", key, ctx.plain, FIXED_RPS, BenchUtil.sec(FIXED_SECONDS), false);
        if (fixedPura.errors.get() > 0) {
            failures.add("Pura answered " + fixedPura.errors.get() + " errors at " + FIXED_RPS + " RPS (" + fixedPura.errorSummary() + ")");
        }
        Row portkey = null;
        if (ctx.portkey != null && portkeyPid != null) {
            BenchUtil.pause(2);
            ctx.c.wrk("warm portkey", ctx.portkey, Clients.portkeyHeaders(ctx.mock), ctx.plain, MEASURE, THREADS, CONNECTIONS);
            BenchUtil.pause(2);
            portkey = measure("Portkey", portkeyPid, () -> ctx.c.wrk("portkey", ctx.portkey,
                    Clients.portkeyHeaders(ctx.mock), ctx.plain, MEASURE, THREADS, CONNECTIONS));
        }
        write(curve, direct, pura, portkey, fixedDirect, fixedPura);
        return failures;
    }

    private Wrk.Result pura(String label, String[] key, double seconds) throws Exception {
        Wrk.Result r = ctx.c.wrk(label, ctx.c.pura, Clients.puraHeaders(key[0]), ctx.plain, seconds, THREADS, CONNECTIONS);
        ctx.c.servedByKey.merge(key[1], r.ok(), Long::sum);
        ctx.c.unaccounted.merge(key[1], (long) CONNECTIONS + r.socketErrors(), Long::sum);
        return r;
    }

    interface Run {
        Wrk.Result go() throws Exception;
    }

    private Row measure(String who, long pid, Run run) throws Exception {
        ProcessCpu.Sample serverBefore = ProcessCpu.of(pid);
        ProcessCpu.Sample mockBefore = ProcessCpu.of(mockPid);
        Wrk.Result r = run.go();
        ProcessCpu.Sample server = ProcessCpu.of(pid).minus(serverBefore);
        ProcessCpu.Sample mock = ProcessCpu.of(mockPid).minus(mockBefore);
        return new Row(who, r, server, mock);
    }

    private void write(List<double[]> curve, Row direct, Row pura, Row portkey, Load.Result fixedDirect, Load.Result fixedPura) {
        double plateau = pura.r().okRps();
        for (double[] w : curve) {
            plateau = Math.max(plateau, w[1]);
        }
        ctx.line("## Compare: Pura, Portkey and the direct mock, one run\n");
        ctx.line("wrk `-t" + THREADS + " -c" + CONNECTIONS + " -d" + MEASURE + "s`, non-streamed `gpt-4o-mini` (40 max tokens), "
                + "after the warm-up below; CPU per request is the process's user + system time over the same window "
                + "(/proc) divided by the 2xx answers. Pura is `./pura up` (ingress, embedded broker and ledger in one "
                + "JVM, durable billing); every process shares the host's cores with wrk and the mock.\n");
        ctx.line("| target | 2xx RPS | non-2xx | p50 ms | p99 ms | server CPU us/req | mock CPU us/req |");
        ctx.line("|---|---:|---:|---:|---:|---:|---:|");
        for (Row row : new Row[] {direct, pura, portkey}) {
            if (row == null) {
                continue;
            }
            ctx.line(String.format("| %s | %s | %d | %s | %s | %s | %s |", row.who(), Report.rps(row.r().okRps()),
                    row.r().non2xx() + row.r().socketErrors(), Report.f3(row.r().p50Us() / 1000), Report.f3(row.r().p99Us() / 1000),
                    row.who().equals("direct") ? "-" : Report.f(row.usPerRequest(row.server())), Report.f(row.usPerRequest(row.mock()))));
        }
        ctx.line("");
        StringBuilder parts = new StringBuilder("Pura's CPU per request by thread (approximate, by thread name): ");
        pura.server().parts().forEach((k, v) -> parts.append(String.format("%s %s us, ", k, Report.f(v * 1e6 / Math.max(1, pura.r().ok())))));
        ctx.line(parts.substring(0, parts.length() - 2) + ".\n");
        ctx.line("### Added latency at " + FIXED_RPS + " RPS (open model, " + FIXED_SECONDS + " s each, latency from each "
                + "request's due time)\n");
        ctx.line(Report.LAT_HEAD);
        ctx.line(Report.latencyRow(fixedDirect));
        ctx.line(Report.latencyRow(fixedPura));
        double addedP50 = fixedPura.ms(fixedPura.latency, 50) - fixedDirect.ms(fixedDirect.latency, 50);
        double addedP99 = fixedPura.ms(fixedPura.latency, 99) - fixedDirect.ms(fixedDirect.latency, 99);
        double directP99 = fixedDirect.ms(fixedDirect.latency, 99);
        ctx.line("");
        double ratio = portkey == null ? Double.NaN : pura.r().okRps() / portkey.r().okRps();
        ctx.line("### Warm-up through Pura from its first request (closed loop, " + WARM_WINDOW + " s windows)\n");
        ctx.line("| window | ends after s | 2xx RPS | of plateau | errors |\n|---:|---:|---:|---:|---:|");
        double reached80 = Double.NaN;
        for (int i = 0; i < curve.size(); i++) {
            double[] w = curve.get(i);
            double share = w[1] / plateau;
            if (Double.isNaN(reached80) && share >= 0.8) {
                reached80 = w[0];
            }
            ctx.line(String.format("| %d | %.0f | %s | %.0f %% | %.0f |", i + 1, w[0], Report.rps(w[1]), 100 * share, w[2]));
        }
        ctx.line(String.format("%nPlateau: %s RPS (the highest window, or the measured run). 80 %% of it reached %s.%n",
                Report.rps(plateau), Double.isNaN(reached80) ? "in no window" : String.format("after %.0f s", reached80)));
        double cpu = pura.usPerRequest(pura.server());
        ctx.line("### Targets (issue 26)\n");
        ctx.line("| target | measured | met |\n|---|---|---|");
        ctx.line(String.format("| CPU per request, whole `./pura up` process, <= 250 us | %s us | %s |", Report.f(cpu), cpu <= 250 ? "yes" : "no"));
        double ingress = pura.server().parts().get(ProcessCpu.REST) * 1e6 / Math.max(1, pura.r().ok());
        ctx.line(String.format("| of which the ingress threads (approximation of `PURA_ROLES=ingress`), <= 120 us | %s us | %s |",
                Report.f(ingress), ingress <= 120 ? "yes" : "no"));
        ctx.line(String.format("| throughput >= 8 x Portkey | %s x | %s |", Report.f(ratio),
                Double.isNaN(ratio) ? "-" : ratio >= 8 ? "yes" : "no"));
        boolean warm = !Double.isNaN(reached80) && reached80 <= 20;
        ctx.line(String.format("| 80 %% of the plateau within 20 s of the first request | %s | %s |",
                Double.isNaN(reached80) ? "not reached" : String.format("%.0f s", reached80), warm ? "yes" : "no"));
        ctx.line(String.format("| added p50 at %d RPS <= 0.3 ms | %s ms | %s |", FIXED_RPS, Report.f3(addedP50), addedP50 <= 0.3 ? "yes" : "no"));
        ctx.line(String.format("| added p99 at %d RPS <= the direct call's own p99 (%s ms) | %s ms | %s |", FIXED_RPS,
                Report.f3(directP99), Report.f3(addedP99), addedP99 <= directP99 ? "yes" : "no"));
        ctx.line("");
    }
}
