package xyz.pura.bench;

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
    final RunContext ctx = new RunContext();

    // results the targets table is judged on
    final List<Load.Result> fixed = new ArrayList<>();
    String[] key1000;
    Gateway.Memory mem1000;
    double puraMax;
    double portkeyMax = Double.NaN;
    String throughputHow = "open-model steps";
    Load.Result streamDirect;
    Load.Result streamPura;

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
        ctx.gateway.sampleMemory();
        String bootstrap = "127.0.0.1:" + ctx.gateway.brokerPort();
        BillingWatch billing = new BillingWatch(bootstrap);
        Instant started = Instant.now();
        ctx.report.header(ctx.smoke, started, ctx.c.wrk != null);
        // before any load, so that it measures the host and not the gateway
        String noise = (ctx.smoke ? HostNoise.measure(1_000, BenchUtil.sec(0.5)) : HostNoise.measure(5_000, BenchUtil.sec(3))).describe();
        System.out.println(noise);
        ctx.line(noise);
        ctx.line("");
        if (ctx.smoke) {
            return smoke(billing, started);
        }
        if ("1".equals(System.getenv("BENCH_COMPARE"))) {
            ctx.failures.addAll(new Compare(ctx).run());
            billing.section(ctx.report, ctx.c.servedByKey, ctx.c.keyLabel, ctx.c.unaccounted, ctx.failures, null);
            return finish(billing, started);
        }
        int top = ctx.report.mark();
        warmUp();
        fixedRates();
        throughput();
        Streaming.Ttfb ttfb = Streaming.section(ctx);
        streamDirect = ttfb.direct();
        streamPura = ttfb.pura();
        durability(bootstrap);
        Profile.section(ctx);
        billing.section(ctx.report, ctx.c.servedByKey, ctx.c.keyLabel, ctx.c.unaccounted, ctx.failures, key1000[1]);
        Load.Result d = BenchUtil.find(fixed, "direct 1000"), p = BenchUtil.find(fixed, "pura 1000");
        Histogram lag = billing.lag(key1000[1], new long[1]);
        ctx.report.insert(top, Report.targets(new Report.Targets(p.ms(p.latency, 50) - d.ms(d.latency, 50),
                p.ms(p.latency, 99) - d.ms(d.latency, 99), puraMax, portkeyMax, throughputHow,
                streamPura.ms(streamPura.ttfb, 99) - streamDirect.ms(streamDirect.ttfb, 99),
                ctx.failures.stream().noneMatch(s -> s.contains("concurrent")), billing.missing(ctx.c.servedByKey),
                lag.getValueAtPercentile(99) / 1000.0, mem1000.rssMax())));
        return finish(billing, started);
    }

    int smoke(BillingWatch billing, Instant started) throws Exception {
        String[] warmKey = ctx.c.newKey("bench-warmup");
        Clients.directOpen("warm direct", ctx.mock, ctx.plain, 200, BenchUtil.sec(1), 20_000, false);
        ctx.c.puraOpen("warm pura", warmKey, ctx.plain, 200, BenchUtil.sec(2), false);
        String[] k = ctx.c.newKey("bench-smoke");
        Load.Result d = Clients.directOpen("direct 200", ctx.mock, ctx.plain, 200, BenchUtil.sec(5), 20_000, false);
        Load.Result p = ctx.c.puraOpen("pura 200", k, ctx.plain, 200, BenchUtil.sec(5), false);
        Load.Result sd = Clients.directOpen("direct stream 20", ctx.mock, ctx.streamBody, 20, BenchUtil.sec(2), 5_000, true);
        Load.Result sp = ctx.c.puraOpen("pura stream 20", k, ctx.streamBody, 20, BenchUtil.sec(2), true);
        for (Load.Result r : List.of(d, p, sd, sp)) {
            ctx.check(r, true);
        }
        ctx.line("## Smoke\n");
        ctx.line(Report.LAT_HEAD);
        ctx.line(Report.latencyRow(d));
        ctx.line(Report.latencyRow(p));
        ctx.line("");
        ctx.line(Report.streamHead());
        ctx.line(Report.streamRow(sd));
        ctx.line(Report.streamRow(sp));
        ctx.line("");
        ctx.line(String.format("Added latency at 200 RPS (pura - direct): p50 %s ms, p99 %s ms; added TTFB p99 %s ms (not enforced).",
                Report.f3(p.ms(p.latency, 50) - d.ms(d.latency, 50)), Report.f3(p.ms(p.latency, 99) - d.ms(d.latency, 99)),
                Report.f3(sp.ms(sp.ttfb, 99) - sd.ms(sd.ttfb, 99))));
        billing.section(ctx.report, ctx.c.servedByKey, ctx.c.keyLabel, ctx.c.unaccounted, ctx.failures, null);
        return finish(billing, started);
    }

    /**
     * Closed-loop load (16 connections) through Pura in 10 s windows until a window's throughput improves by less than
     * 5 % over the previous one, at least 60 s and at most 240 s (JIT compilation of the gateway is slow on 2 cores);
     * the direct mock and Portkey get a short warm-up, and the harness's open-model generator one to each target (streams too).
     */
    void warmUp() throws Exception {
        String[] key = ctx.c.newKey("bench-warmup");
        Clients.directOpen("warm direct (generator)", ctx.mock, ctx.plain, 1000, BenchUtil.sec(4), 20_000, false);
        if (ctx.c.wrk != null) {
            ctx.c.wrk("warm direct", ctx.mock, Clients.directHeaders(), ctx.plain, 5);
        }
        ctx.line("## Warm-up\n");
        ctx.line("Closed loop through Pura, " + (ctx.c.wrk != null ? "wrk" : "the JDK client (wrk is not installed)") + ", " + Wrk.CONNECTIONS
                + " connections, 10 s windows, until a window improves < 5 % on the previous one (a drop of more than 5 % "
                + "counts as noise, not as the plateau), at least 60 s, at most 240 s:\n");
        ctx.line("| window | after s | 2xx RPS | change | errors | p99 ms |\n|---:|---:|---:|---:|---:|---:|");
        long t0 = System.nanoTime();
        double prev = Double.NaN, elapsed = 0;
        boolean flat = false;
        for (int w = 1; !(elapsed >= 60 && flat) && elapsed < 240; w++) {
            double rps, p99;
            long errors;
            if (ctx.c.wrk != null) {
                Wrk.Result r = ctx.c.puraWrk("warm-up " + w, key, ctx.plain, 10);
                rps = r.okRps();
                errors = r.errors();
                p99 = r.p99Us() / 1000;
            } else {
                Load.Result r = ctx.c.puraClosed("warm-up " + w, key, ctx.plain, Wrk.CONNECTIONS, BenchUtil.sec(10));
                rps = r.achievedRps();
                errors = r.errors.get();
                p99 = r.ms(r.latency, 99);
            }
            elapsed = (System.nanoTime() - t0) / 1e9;
            ctx.line(String.format("| %d | %.0f | %s | %s | %d | %s |", w, elapsed, Report.rps(rps),
                    Double.isNaN(prev) ? "-" : String.format("%+.1f %%", 100 * (rps / prev - 1)), errors, Report.f(p99)));
            // flat: improves < 5 % on the previous window; a drop of more than 5 % is noise (2 shared cores), not a plateau
            flat = !Double.isNaN(prev) && rps < 1.05 * prev && rps >= 0.95 * prev;
            prev = rps;
        }
        ctx.line(String.format("\nWarm-up through Pura: %.0f s, %s.", elapsed, flat ? "throughput flat" : "stopped at the 240 s limit"));
        String peer = "";
        if (ctx.portkey != null) {
            if (ctx.c.wrk != null) {
                Wrk.Result q = ctx.c.wrk("warm portkey", ctx.portkey, Clients.portkeyHeaders(ctx.mock), ctx.plain, 20);
                peer = String.format("Portkey: 20 s closed loop (%s RPS), 3 s at 300 RPS with the open-model generator. ", Report.rps(q.okRps()));
            } else {
                Load.closed("warm portkey", ctx.c.client, ctx.c.viaPortkey(ctx.mock, ctx.plain), Wrk.CONNECTIONS, BenchUtil.sec(20));
                peer = "Portkey: 20 s closed loop, 3 s at 300 RPS with the open-model generator. ";
            }
            ctx.c.portkeyOpen("warm portkey (generator)", ctx.mock, ctx.plain, 300, BenchUtil.sec(3), 20_000, false);
        }
        ctx.c.puraOpen("warm pura (generator)", key, ctx.plain, 1000, BenchUtil.sec(5), false);
        // the streamed path too: a first streamed phase on cold code measured the generator's and the JIT's start
        // (a direct TTFB p99 of 328 ms, against 34 ms through the warmed gateway, in the run of 2026-12-06)
        Clients.directOpen("warm direct streams", ctx.mock, ctx.streamBody, 200, BenchUtil.sec(3), 20_000, true);
        ctx.c.puraOpen("warm pura streams", key, ctx.streamBody, 200, BenchUtil.sec(3), true);
        ctx.line("Direct mock: 4 s at 1,000 RPS with the open-model generator" + (ctx.c.wrk != null ? " and 5 s of closed loop" : "")
                + ". " + peer + "Last, 5 s at 1,000 RPS through Pura, then 3 s of streams at 200/s direct and through Pura, "
                + "with the open-model generator.\n");
    }

    void fixedRates() throws Exception {
        long from1000 = 0, to1000 = 0;
        String gc1000 = "";
        for (int rate : new int[] {250, 500, 1000, 2000}) {
            Load.Result d = Clients.directOpen("direct " + rate, ctx.mock, ctx.plain, rate, ctx.dur(20), 20_000, false);
            ctx.check(d, false);
            BenchUtil.pause(1);
            String[] k = ctx.c.newKey("bench-fixed-" + rate);
            long from = System.currentTimeMillis();
            Gateway.Cpu cpuBefore = ctx.gateway.cpu();
            HostCpu hostBefore = HostCpu.now();
            Load.Result p = ctx.c.puraOpen("pura " + rate, k, ctx.plain, rate, ctx.dur(rate == 1000 ? 30 : 20), false);
            Gateway.Cpu cpuUsed = ctx.gateway.cpu().minus(cpuBefore);
            HostCpu hostUsed = HostCpu.now().minus(hostBefore);
            long to = System.currentTimeMillis();
            // up to the targets' 1,000 RPS an error through Pura fails the run; 2,000 RPS is beyond what it
            // sustains on 2 cores (section 2), so its errors are reported, not failed on
            ctx.check(p, rate <= 1000);
            if (rate == 1000) {
                key1000 = k;
                from1000 = from;
                to1000 = to;
                double seconds = (to - from) / 1000.0;
                gc1000 = ctx.gateway.gcIn(from, to) + ". " + Report.cpuPerRequest(cpuUsed, p.ok.get(), seconds)
                        + ". " + Report.restOfTheMachine(hostUsed, p.ok.get(), seconds, Runtime.getRuntime().availableProcessors());
            }
            BenchUtil.pause(1);
            fixed.add(d);
            fixed.add(p);
            if (ctx.portkey != null) {
                Load.Result q = ctx.c.portkeyOpen("portkey " + rate, ctx.mock, ctx.plain, rate, ctx.dur(20), 20_000, false);
                ctx.check(q, false);
                fixed.add(q);
                BenchUtil.pause(rate >= 1000 ? 5 : 1);
            }
        }
        ctx.line("## 1. Fixed rates, non-streamed (open model, latency from each request's due time)\n");
        ctx.line("Each row: `gpt-4o-mini`, 40 max tokens, one connection pool per client, HTTP/1.1 keep-alive. "
                + "Errors through Pura up to 1,000 RPS fail the run (2,000 RPS is beyond its sustained maximum here, section 2); the peer's are reported.\n");
        ctx.line(Report.LAT_HEAD);
        fixed.forEach(r -> ctx.line(Report.latencyRow(r)));
        Report.addedLatency(ctx.report, fixed);
        mem1000 = ctx.gateway.memoryIn(from1000, to1000);
        ctx.line(Report.memory(System.getenv().getOrDefault("BENCH_PURA_JAVA_OPTS", "?"), mem1000, gc1000));
    }

    void throughput() throws Exception {
        ctx.line("## 2. Maximum sustained throughput, non-streamed\n");
        if (ctx.c.wrk != null) {
            long s = Math.max(5, Math.round(30 * ctx.scale));
            ctx.line("Closed loop with wrk (`-t" + Wrk.THREADS + " -c" + Wrk.CONNECTIONS + " -d" + s + "s`, same body and headers as "
                    + "the open-model generator; latency from send, so this is throughput, not latency under a fixed rate). "
                    + "The maximum sustained throughput is the 2xx RPS of a run with errors < 0.1 %. wrk, the mock and the "
                    + "broker share the gateway's CPUs.\n");
            ctx.line(Report.WRK_HEAD);
            Wrk.Result d = ctx.c.wrk("direct wrk", ctx.mock, Clients.directHeaders(), ctx.plain, s);
            ctx.line(Report.wrkRow(d));
            BenchUtil.pause(2);
            Wrk.Result p = ctx.c.puraWrk("pura wrk", ctx.c.newKey("bench-wrk"), ctx.plain, s);
            ctx.line(Report.wrkRow(p));
            Wrk.Result q = null;
            if (ctx.portkey != null) {
                BenchUtil.pause(3);
                q = ctx.c.wrk("portkey wrk", ctx.portkey, Clients.portkeyHeaders(ctx.mock), ctx.plain, s);
                ctx.line(Report.wrkRow(q));
            }
            puraMax = p.sustained() ? p.okRps() : 0;
            portkeyMax = q == null ? Double.NaN : q.sustained() ? q.okRps() : 0;
            throughputHow = "wrk closed loop, 16 connections";
            ctx.line(String.format("\nMaximum sustained throughput (closed loop, wrk -c%d): direct **%s RPS**, Pura **%s RPS**, Portkey **%s RPS**; "
                            + "Pura/Portkey %s.\n", Wrk.CONNECTIONS, Report.rps(d.sustained() ? d.okRps() : 0), Report.rps(puraMax),
                    Report.rps(portkeyMax), Report.f(puraMax / portkeyMax)));
            BenchUtil.pause(3);
        } else {
            ctx.line("wrk is not installed: no closed-loop figure; the open-model steps below are the throughput figure.\n");
        }
        ctx.line("Open-model steps of " + Math.round(10 * ctx.scale) + " s (open-model generator): a step is sustained when errors < 0.1 %, "
                + ">= 98 % of the offered requests completed inside the step, and p99 < 1 s (no queue building up).\n");
        ctx.line(Report.LAT_HEAD);
        double puraOpen = steps("pura", new int[] {1000, 1500, 2000, 2500, 3500, 5000},
                (rate, n) -> ctx.c.puraOpen("pura step " + rate, ctx.c.newKeyQuiet("bench-step-" + rate), ctx.plain, rate, n, false));
        double portkeyOpen = Double.NaN;
        if (ctx.portkey != null) {
            BenchUtil.pause(3);
            portkeyOpen = steps("portkey", new int[] {300, 400, 600, 800, 1000},
                    (rate, n) -> ctx.c.portkeyOpen("portkey step " + rate, ctx.mock, ctx.plain, rate, n, 20_000, false));
        }
        ctx.line(String.format("\nHighest sustained open-model step: Pura **%s**; Portkey **%s**; ratio %s.\n",
                Report.step(puraOpen), Report.step(portkeyOpen), puraOpen > 0 && portkeyOpen > 0 ? Report.f(puraOpen / portkeyOpen) : "-"));
        if (ctx.c.wrk == null) {
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
            Load.Result r = step.run(rate, ctx.dur(10));
            ctx.line(Report.latencyRow(r));
            boolean ok = r.errorRate() < 0.001 && r.okInWindow >= 0.98 * r.sent.get() && r.ms(r.latency, 99) < 1000;
            if (!ok) {
                ctx.line(String.format("| %s stops: %.0f RPS not sustained (errors %.2f %%, completed in step %.1f %%, p99 %s ms; generator max send lag %.1f ms) | | | | | | | | | | |",
                        who, (double) rate, 100 * r.errorRate(), 100.0 * r.okInWindow / Math.max(1, r.sent.get()), Report.f(r.ms(r.latency, 99)),
                        r.maxSendLagNanos / 1e6));
                BenchUtil.pause(who.equals("portkey") ? 5 : 2);
                break;
            }
            best = rate;
            BenchUtil.pause(2);
        }
        return best;
    }

    void durability(String bootstrap) throws Exception {
        ctx.line("## 4. Durability: what an answer waits for\n");
        Probes.Spool spool = Probes.spool(ctx.dataDir.resolve("bench-spool"), 4000);
        Histogram ackIdle = Probes.kafkaAck(bootstrap, 500, ctx.dur(5));
        String[] dk = ctx.c.newKey("bench-durability");
        final Histogram[] ackLoaded = new Histogram[1];
        Thread probe = Thread.ofPlatform().start(() -> {
            try {
                ackLoaded[0] = Probes.kafkaAck(bootstrap, 200, ctx.dur(14));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Load.Result dl = ctx.c.puraOpen("pura 1000 (+ack probe)", dk, ctx.plain, 1000, ctx.dur(15), false);
        probe.join();
        Probes.section(ctx.report, spool, ackIdle, ackLoaded[0], dl, System.getenv().getOrDefault("BENCH_SPOOL_SYNC", "none"));
    }

    int finish(BillingWatch billing, Instant started) throws Exception {
        billing.close();
        ctx.line(String.format("Load average at the end: %s. Gateway peak RSS over the whole run (VmHWM): %s; run took %d s.\n",
                Report.loadavg(), ctx.gateway.procField("VmHWM"), Duration.between(started, Instant.now()).toSeconds()));
        if (ctx.failures.isEmpty()) {
            ctx.line("Result: **no functional failure** (errors through Pura, billing, streams).");
        } else {
            ctx.line("Result: **FAILED**");
            ctx.failures.forEach(s -> ctx.line("- " + s));
        }
        ctx.report.write(ctx.out);
        System.out.println("report: " + ctx.out);
        return ctx.failures.isEmpty() ? 0 : 1;
    }
}
