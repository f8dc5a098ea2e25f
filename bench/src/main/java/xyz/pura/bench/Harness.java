package xyz.pura.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The benchmark harness (issue 9). bench/run.sh starts the processes (mock upstreams, the gateway on its
 * embedded broker, the peer) and hands their addresses to this class by environment; this class drives the
 * scenarios and writes the Markdown report. Exit status 1 when something is broken (errors through the
 * gateway, missing billing events, a stream that did not finish); performance targets are reported, not enforced.
 */
public final class Harness {
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
    final Report report = new Report();
    final List<String> failures = new ArrayList<>();
    final byte[] plain = Clients.body("gpt-4o-mini", false, 40);
    final byte[] streamBody = Clients.body("gpt-4o-mini", true, 40);

    // results the targets table is judged on
    final List<Load.Result> fixed = new ArrayList<>();
    String[] key1000;
    Gateway.Memory mem1000;
    double puraMax;
    double portkeyMax = Double.NaN;
    String throughputHow = "open-model steps";
    Load.Result streamDirect;
    Load.Result streamPura;

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

    static long sec(double s) {
        return (long) (s * 1e9);
    }

    long dur(double fullSeconds) {
        return sec(fullSeconds * scale);
    }

    void check(Load.Result r, boolean mustBeClean) {
        System.out.println(Report.latencyRow(r));
        if (mustBeClean && r.errors.get() > 0) {
            failures.add(r.label + ": " + r.errors.get() + " errors " + r.errorSummary());
        }
    }

    static void pause(double s) throws InterruptedException {
        Thread.sleep((long) (s * 1000));
    }

    void line(String s) {
        report.line(s);
    }

    public static void main(String[] args) throws Exception {
        int code;
        try {
            code = new Harness().run();
        } catch (Exception e) {
            e.printStackTrace();
            code = 2;
        }
        System.exit(code);
    }

    int run() throws Exception {
        gateway.sampleMemory();
        String bootstrap = "127.0.0.1:" + gateway.brokerPort();
        BillingWatch billing = new BillingWatch(bootstrap);
        Instant started = Instant.now();
        report.header(smoke, started, c.wrk != null);
        // before any load, so that it measures the host and not the gateway
        String noise = (smoke ? HostNoise.measure(1_000, sec(0.5)) : HostNoise.measure(5_000, sec(3))).describe();
        System.out.println(noise);
        line(noise);
        line("");
        if (smoke) {
            return smoke(billing, started);
        }
        int top = report.mark();
        warmUp();
        fixedRates();
        throughput();
        Streaming.section(this);
        durability(bootstrap);
        Profile.section(this);
        billing.section(report, c.servedByKey, c.keyLabel, c.unaccounted, failures, key1000[1]);
        Load.Result d = find(fixed, "direct 1000"), p = find(fixed, "pura 1000");
        Histogram lag = billing.lag(key1000[1], new long[1]);
        report.insert(top, Report.targets(new Report.Targets(p.ms(p.latency, 50) - d.ms(d.latency, 50),
                p.ms(p.latency, 99) - d.ms(d.latency, 99), puraMax, portkeyMax, throughputHow,
                streamPura.ms(streamPura.ttfb, 99) - streamDirect.ms(streamDirect.ttfb, 99),
                failures.stream().noneMatch(s -> s.contains("concurrent")), billing.missing(c.servedByKey),
                lag.getValueAtPercentile(99) / 1000.0, mem1000.rssMax())));
        return finish(billing, started);
    }

    int smoke(BillingWatch billing, Instant started) throws Exception {
        String[] warmKey = c.newKey("bench-warmup");
        Clients.directOpen("warm direct", mock, plain, 200, sec(1), 20_000, false);
        c.puraOpen("warm pura", warmKey, plain, 200, sec(2), false);
        String[] k = c.newKey("bench-smoke");
        Load.Result d = Clients.directOpen("direct 200", mock, plain, 200, sec(5), 20_000, false);
        Load.Result p = c.puraOpen("pura 200", k, plain, 200, sec(5), false);
        Load.Result sd = Clients.directOpen("direct stream 20", mock, streamBody, 20, sec(2), 5_000, true);
        Load.Result sp = c.puraOpen("pura stream 20", k, streamBody, 20, sec(2), true);
        for (Load.Result r : List.of(d, p, sd, sp)) {
            check(r, true);
        }
        line("## Smoke\n");
        line(Report.LAT_HEAD);
        line(Report.latencyRow(d));
        line(Report.latencyRow(p));
        line("");
        line(Report.streamHead());
        line(Report.streamRow(sd));
        line(Report.streamRow(sp));
        line("");
        line(String.format("Added latency at 200 RPS (pura - direct): p50 %s ms, p99 %s ms; added TTFB p99 %s ms (not enforced).",
                Report.f3(p.ms(p.latency, 50) - d.ms(d.latency, 50)), Report.f3(p.ms(p.latency, 99) - d.ms(d.latency, 99)),
                Report.f3(sp.ms(sp.ttfb, 99) - sd.ms(sd.ttfb, 99))));
        billing.section(report, c.servedByKey, c.keyLabel, c.unaccounted, failures, null);
        return finish(billing, started);
    }

    /**
     * Closed-loop load (16 connections) through Pura in 10 s windows until a window's throughput improves by less than
     * 5 % over the previous one, at least 60 s and at most 240 s (JIT compilation of the gateway is slow on 2 cores);
     * the direct mock and Portkey get a short warm-up, and the harness's open-model generator one to each target (streams too).
     */
    void warmUp() throws Exception {
        String[] key = c.newKey("bench-warmup");
        Clients.directOpen("warm direct (generator)", mock, plain, 1000, sec(4), 20_000, false);
        if (c.wrk != null) {
            c.wrk("warm direct", mock, Clients.directHeaders(), plain, 5);
        }
        line("## Warm-up\n");
        line("Closed loop through Pura, " + (c.wrk != null ? "wrk" : "the JDK client (wrk is not installed)") + ", " + Wrk.CONNECTIONS
                + " connections, 10 s windows, until a window improves < 5 % on the previous one (a drop of more than 5 % "
                + "counts as noise, not as the plateau), at least 60 s, at most 240 s:\n");
        line("| window | after s | 2xx RPS | change | errors | p99 ms |\n|---:|---:|---:|---:|---:|---:|");
        long t0 = System.nanoTime();
        double prev = Double.NaN, elapsed = 0;
        boolean flat = false;
        for (int w = 1; !(elapsed >= 60 && flat) && elapsed < 240; w++) {
            double rps, p99;
            long errors;
            if (c.wrk != null) {
                Wrk.Result r = c.puraWrk("warm-up " + w, key, plain, 10);
                rps = r.okRps();
                errors = r.errors();
                p99 = r.p99Us() / 1000;
            } else {
                Load.Result r = c.puraClosed("warm-up " + w, key, plain, Wrk.CONNECTIONS, sec(10));
                rps = r.achievedRps();
                errors = r.errors.get();
                p99 = r.ms(r.latency, 99);
            }
            elapsed = (System.nanoTime() - t0) / 1e9;
            line(String.format("| %d | %.0f | %s | %s | %d | %s |", w, elapsed, Report.rps(rps),
                    Double.isNaN(prev) ? "-" : String.format("%+.1f %%", 100 * (rps / prev - 1)), errors, Report.f(p99)));
            // flat: improves < 5 % on the previous window; a drop of more than 5 % is noise (2 shared cores), not a plateau
            flat = !Double.isNaN(prev) && rps < 1.05 * prev && rps >= 0.95 * prev;
            prev = rps;
        }
        line(String.format("\nWarm-up through Pura: %.0f s, %s.", elapsed, flat ? "throughput flat" : "stopped at the 240 s limit"));
        String peer = "";
        if (portkey != null) {
            if (c.wrk != null) {
                Wrk.Result q = c.wrk("warm portkey", portkey, Clients.portkeyHeaders(mock), plain, 20);
                peer = String.format("Portkey: 20 s closed loop (%s RPS), 3 s at 300 RPS with the open-model generator. ", Report.rps(q.okRps()));
            } else {
                Load.closed("warm portkey", c.client, c.viaPortkey(mock, plain), Wrk.CONNECTIONS, sec(20));
                peer = "Portkey: 20 s closed loop, 3 s at 300 RPS with the open-model generator. ";
            }
            c.portkeyOpen("warm portkey (generator)", mock, plain, 300, sec(3), 20_000, false);
        }
        c.puraOpen("warm pura (generator)", key, plain, 1000, sec(5), false);
        // the streamed path too: a first streamed phase on cold code measured the generator's and the JIT's start
        // (a direct TTFB p99 of 328 ms, against 34 ms through the warmed gateway, in the run of 2026-12-06)
        Clients.directOpen("warm direct streams", mock, streamBody, 200, sec(3), 20_000, true);
        c.puraOpen("warm pura streams", key, streamBody, 200, sec(3), true);
        line("Direct mock: 4 s at 1,000 RPS with the open-model generator" + (c.wrk != null ? " and 5 s of closed loop" : "")
                + ". " + peer + "Last, 5 s at 1,000 RPS through Pura, then 3 s of streams at 200/s direct and through Pura, "
                + "with the open-model generator.\n");
    }

    void fixedRates() throws Exception {
        long from1000 = 0, to1000 = 0;
        String gc1000 = "";
        for (int rate : new int[] {250, 500, 1000, 2000}) {
            Load.Result d = Clients.directOpen("direct " + rate, mock, plain, rate, dur(20), 20_000, false);
            check(d, false);
            pause(1);
            String[] k = c.newKey("bench-fixed-" + rate);
            long from = System.currentTimeMillis();
            Gateway.Cpu cpuBefore = gateway.cpu();
            HostCpu hostBefore = HostCpu.now();
            Load.Result p = c.puraOpen("pura " + rate, k, plain, rate, dur(rate == 1000 ? 30 : 20), false);
            Gateway.Cpu cpuUsed = gateway.cpu().minus(cpuBefore);
            HostCpu hostUsed = HostCpu.now().minus(hostBefore);
            long to = System.currentTimeMillis();
            // up to the targets' 1,000 RPS an error through Pura fails the run; 2,000 RPS is beyond what it
            // sustains on 2 cores (section 2), so its errors are reported, not failed on
            check(p, rate <= 1000);
            if (rate == 1000) {
                key1000 = k;
                from1000 = from;
                to1000 = to;
                double seconds = (to - from) / 1000.0;
                gc1000 = gateway.gcIn(from, to) + ". " + Report.cpuPerRequest(cpuUsed, p.ok.get(), seconds)
                        + ". " + Report.restOfTheMachine(hostUsed, p.ok.get(), seconds, Runtime.getRuntime().availableProcessors());
            }
            pause(1);
            fixed.add(d);
            fixed.add(p);
            if (portkey != null) {
                Load.Result q = c.portkeyOpen("portkey " + rate, mock, plain, rate, dur(20), 20_000, false);
                check(q, false);
                fixed.add(q);
                pause(rate >= 1000 ? 5 : 1);
            }
        }
        line("## 1. Fixed rates, non-streamed (open model, latency from each request's due time)\n");
        line("Each row: `gpt-4o-mini`, 40 max tokens, one connection pool per client, HTTP/1.1 keep-alive. "
                + "Errors through Pura up to 1,000 RPS fail the run (2,000 RPS is beyond its sustained maximum here, section 2); the peer's are reported.\n");
        line(Report.LAT_HEAD);
        fixed.forEach(r -> line(Report.latencyRow(r)));
        Report.addedLatency(report, fixed);
        mem1000 = gateway.memoryIn(from1000, to1000);
        line(Report.memory(System.getenv().getOrDefault("BENCH_PURA_JAVA_OPTS", "?"), mem1000, gc1000));
    }

    void throughput() throws Exception {
        line("## 2. Maximum sustained throughput, non-streamed\n");
        if (c.wrk != null) {
            long s = Math.max(5, Math.round(30 * scale));
            line("Closed loop with wrk (`-t" + Wrk.THREADS + " -c" + Wrk.CONNECTIONS + " -d" + s + "s`, same body and headers as "
                    + "the open-model generator; latency from send, so this is throughput, not latency under a fixed rate). "
                    + "The maximum sustained throughput is the 2xx RPS of a run with errors < 0.1 %. wrk, the mock and the "
                    + "broker share the gateway's CPUs.\n");
            line(Report.WRK_HEAD);
            Wrk.Result d = c.wrk("direct wrk", mock, Clients.directHeaders(), plain, s);
            line(Report.wrkRow(d));
            pause(2);
            Wrk.Result p = c.puraWrk("pura wrk", c.newKey("bench-wrk"), plain, s);
            line(Report.wrkRow(p));
            Wrk.Result q = null;
            if (portkey != null) {
                pause(3);
                q = c.wrk("portkey wrk", portkey, Clients.portkeyHeaders(mock), plain, s);
                line(Report.wrkRow(q));
            }
            puraMax = p.sustained() ? p.okRps() : 0;
            portkeyMax = q == null ? Double.NaN : q.sustained() ? q.okRps() : 0;
            throughputHow = "wrk closed loop, 16 connections";
            line(String.format("\nMaximum sustained throughput (closed loop, wrk -c%d): direct **%s RPS**, Pura **%s RPS**, Portkey **%s RPS**; "
                            + "Pura/Portkey %s.\n", Wrk.CONNECTIONS, Report.rps(d.sustained() ? d.okRps() : 0), Report.rps(puraMax),
                    Report.rps(portkeyMax), Report.f(puraMax / portkeyMax)));
            pause(3);
        } else {
            line("wrk is not installed: no closed-loop figure; the open-model steps below are the throughput figure.\n");
        }
        line("Open-model steps of " + Math.round(10 * scale) + " s (open-model generator): a step is sustained when errors < 0.1 %, "
                + ">= 98 % of the offered requests completed inside the step, and p99 < 1 s (no queue building up).\n");
        line(Report.LAT_HEAD);
        double puraOpen = steps("pura", new int[] {1000, 1500, 2000, 2500, 3500, 5000},
                (rate, n) -> c.puraOpen("pura step " + rate, c.newKeyQuiet("bench-step-" + rate), plain, rate, n, false));
        double portkeyOpen = Double.NaN;
        if (portkey != null) {
            pause(3);
            portkeyOpen = steps("portkey", new int[] {300, 400, 600, 800, 1000},
                    (rate, n) -> c.portkeyOpen("portkey step " + rate, mock, plain, rate, n, 20_000, false));
        }
        line(String.format("\nHighest sustained open-model step: Pura **%s**; Portkey **%s**; ratio %s.\n",
                Report.step(puraOpen), Report.step(portkeyOpen), puraOpen > 0 && portkeyOpen > 0 ? Report.f(puraOpen / portkeyOpen) : "-"));
        if (c.wrk == null) {
            puraMax = puraOpen;
            portkeyMax = portkeyOpen;
        }
    }

    interface Step {
        Load.Result run(int rate, long nanos) throws Exception;
    }

    double steps(String who, int[] rates, Step step) throws Exception {
        double best = 0;
        for (int rate : rates) {
            Load.Result r = step.run(rate, dur(10));
            line(Report.latencyRow(r));
            boolean ok = r.errorRate() < 0.001 && r.okInWindow >= 0.98 * r.sent.get() && r.ms(r.latency, 99) < 1000;
            if (!ok) {
                line(String.format("| %s stops: %.0f RPS not sustained (errors %.2f %%, completed in step %.1f %%, p99 %s ms; generator max send lag %.1f ms) | | | | | | | | | | |",
                        who, (double) rate, 100 * r.errorRate(), 100.0 * r.okInWindow / Math.max(1, r.sent.get()), Report.f(r.ms(r.latency, 99)),
                        r.maxSendLagNanos / 1e6));
                pause(who.equals("portkey") ? 5 : 2);
                break;
            }
            best = rate;
            pause(2);
        }
        return best;
    }

    static Load.Result find(List<Load.Result> l, String label) {
        return l.stream().filter(r -> r.label.equals(label)).findFirst().orElse(null);
    }

    void durability(String bootstrap) throws Exception {
        line("## 4. Durability: what an answer waits for\n");
        Probes.Spool spool = Probes.spool(dataDir.resolve("bench-spool"), 4000);
        Histogram ackIdle = Probes.kafkaAck(bootstrap, 500, dur(5));
        String[] dk = c.newKey("bench-durability");
        final Histogram[] ackLoaded = new Histogram[1];
        Thread probe = Thread.ofPlatform().start(() -> {
            try {
                ackLoaded[0] = Probes.kafkaAck(bootstrap, 200, dur(14));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Load.Result dl = c.puraOpen("pura 1000 (+ack probe)", dk, plain, 1000, dur(15), false);
        probe.join();
        Probes.section(report, spool, ackIdle, ackLoaded[0], dl, System.getenv().getOrDefault("BENCH_SPOOL_SYNC", "none"));
    }

    int finish(BillingWatch billing, Instant started) throws Exception {
        billing.close();
        line(String.format("Load average at the end: %s. Gateway peak RSS over the whole run (VmHWM): %s; run took %d s.\n",
                Report.loadavg(), gateway.procField("VmHWM"), Duration.between(started, Instant.now()).toSeconds()));
        if (failures.isEmpty()) {
            line("Result: **no functional failure** (errors through Pura, billing, streams).");
        } else {
            line("Result: **FAILED**");
            failures.forEach(s -> line("- " + s));
        }
        report.write(out);
        System.out.println("report: " + out);
        return failures.isEmpty() ? 0 : 1;
    }
}
