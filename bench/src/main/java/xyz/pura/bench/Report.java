package xyz.pura.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.HdrHistogram.Histogram;

/** The Markdown report: its text (also echoed to stdout line by line) and the formatting of its rows and tables. */
final class Report {
    private final StringBuilder text = new StringBuilder();

    void line(String s) {
        text.append(s).append('\n');
        System.out.println(s);
    }

    /** Where the next line will start; {@link #insert} puts text there later (the targets table goes on top). */
    int mark() {
        return text.length();
    }

    void insert(int at, String s) {
        text.insert(at, s);
    }

    void write(Path out) throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, text.toString());
    }

    // ---------------------------------------------------------------- numbers

    static String f(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.2f", v);
    }

    static String f3(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.3f", v);
    }

    /** The highest sustained step of a ladder: 0 means not even its first step held, which is not a rate. */
    static String step(double rps) {
        if (Double.isNaN(rps)) {
            return "not run";
        }
        return rps > 0 ? rps(rps) + " RPS" : "none (its first step was not sustained)";
    }

    static String rps(double v) {
        return Double.isNaN(v) ? "-" : String.format("%,.0f", v);
    }

    // ---------------------------------------------------------------- rows

    static final double[] PCTS = {50, 90, 99, 99.9};

    static final String LAT_HEAD = "| run | target RPS | ok RPS | ok | errors | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | error kinds |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";

    static String latencyRow(Load.Result r) {
        return String.format("| %s | %s | %s | %d | %d | %s | %s | %s | %s | %s | %s |", r.label,
                r.targetRps == 0 ? "closed" : String.format("%.0f", r.targetRps), f(r.okRpsInWindow()), r.ok.get(), r.errors.get(),
                f3(r.ms(r.latency, 50)), f3(r.ms(r.latency, 90)), f3(r.ms(r.latency, 99)), f3(r.ms(r.latency, 99.9)),
                f3(r.latency.getMaxValue() / 1000.0), r.errorSummary());
    }

    static String streamHead() {
        return "| run | ok | errors | TTFB p50 ms | TTFB p90 ms | TTFB p99 ms | TTFB p99.9 ms | total p50 ms | total p99 ms | error kinds |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|";
    }

    static String streamRow(Load.Result r) {
        return String.format("| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s |", r.label, r.ok.get(), r.errors.get(),
                f3(r.ms(r.ttfb, 50)), f3(r.ms(r.ttfb, 90)), f3(r.ms(r.ttfb, 99)), f3(r.ms(r.ttfb, 99.9)),
                f3(r.ms(r.latency, 50)), f3(r.ms(r.latency, 99)), r.errorSummary());
    }

    static String histRow(String label, Histogram h, double perMs) {
        return String.format("| %s | %s | %s | %s | %s | %s |", label, f3(h.getValueAtPercentile(50) / perMs),
                f3(h.getValueAtPercentile(90) / perMs), f3(h.getValueAtPercentile(99) / perMs),
                f3(h.getValueAtPercentile(99.9) / perMs), f3(h.getMaxValue() / perMs));
    }

    static final String WRK_HEAD = "| run | s | 2xx | 2xx RPS | non-2xx | socket errors (connect/read/write/timeout) | avg ms | stdev ms "
            + "| p50 ms | p75 ms | p90 ms | p99 ms | p99.9 ms | max ms | sustained (errors < 0.1 %) |\n"
            + "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|";

    static String wrkRow(Wrk.Result r) {
        return String.format("| %s | %.1f | %d | %s | %d | %d/%d/%d/%d | %s | %s | %s | %s | %s | %s | %s | %s | %s |", r.label(),
                r.seconds(), r.ok(), rps(r.okRps()), r.non2xx(), r.connect(), r.read(), r.write(), r.timeout(),
                f3(r.meanUs() / 1000), f3(r.stdevUs() / 1000), f3(r.p50Us() / 1000), f3(r.p75Us() / 1000),
                f3(r.p90Us() / 1000), f3(r.p99Us() / 1000), f3(r.p999Us() / 1000), f3(r.maxUs() / 1000),
                r.sustained() ? "yes" : String.format("**no** (errors %.2f %%)", 100 * r.errorRate()));
    }

    /** The gateway's added latency over the direct mock per fixed rate, Pura and Portkey side by side. */
    static void addedLatency(Report report, java.util.List<Load.Result> fixed) {
        report.line("\n### Added latency (gateway minus direct, same rate, ms)\n");
        report.line("| rate | Pura p50 | Pura p90 | Pura p99 | Pura p99.9 | Portkey p50 | Portkey p90 | Portkey p99 | Portkey p99.9 | Portkey/Pura p50 | Portkey/Pura p99 |");
        report.line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int rate : new int[] {250, 500, 1000, 2000}) {
            Load.Result d = BenchUtil.find(fixed, "direct " + rate), p = BenchUtil.find(fixed, "pura " + rate), q = BenchUtil.find(fixed, "portkey " + rate);
            double[] ap = new double[4], aq = new double[4];
            for (int i = 0; i < 4; i++) {
                ap[i] = p.ms(p.latency, PCTS[i]) - d.ms(d.latency, PCTS[i]);
                aq[i] = q == null ? Double.NaN : q.ms(q.latency, PCTS[i]) - d.ms(d.latency, PCTS[i]);
            }
            report.line(String.format("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |", rate, f3(ap[0]), f3(ap[1]), f3(ap[2]),
                    f3(ap[3]), f3(aq[0]), f3(aq[1]), f3(aq[2]), f3(aq[3]), f(aq[0] / ap[0]), f(aq[2] / ap[2])));
        }
    }

    static String memory(String javaOptions, Gateway.Memory m, String gc) {
        return String.format("\nGateway memory at 1,000 RPS (JVM options `%s`; /proc/<pid>/status every 250 ms, %d samples): "
                        + "VmRSS max %d MB, mean %d MB; RssAnon max %d MB, mean %d MB; RssShmem max %d MB, mean %d MB "
                        + "(ZGC maps its heap as shared memory, so with ZGC the heap's touched pages count as RssShmem; G1's count as RssAnon). GC: %s.\n",
                javaOptions, m.samples(), m.rssMax(), m.rssMean(), m.anonMax(), m.anonMean(), m.shmemMax(), m.shmemMean(), gc);
    }

    /** The gateway's CPU over a phase, per request served: the figure that host noise moves least. */
    static String cpuPerRequest(Gateway.Cpu used, long requests, double seconds) {
        if (requests <= 0 || Double.isNaN(used.process())) {
            return "CPU: not measured";
        }
        double perRequestUs = used.process() * 1e6 / requests;
        double gcUs = used.gcThreads() * 1e6 / requests;
        return String.format("CPU (/proc, user + system): the process %.0f µs per request (%.2f cores over %.0f s); "
                        + "the collector's threads %.0f µs per request (%.1f %% of the process)",
                perRequestUs, used.process() / seconds, seconds, gcUs, 100 * used.gcThreads() / Math.max(1e-9, used.process()));
    }

    /** The load generator's CPU per request and how busy the whole machine was, over the same phase. */
    static String restOfTheMachine(HostCpu used, long requests, double seconds, int cpus) {
        if (requests <= 0 || Double.isNaN(used.generatorSeconds()) || used.hostTotalTicks() <= 0) {
            return "The rest of the machine: not measured";
        }
        return String.format("The load generator (the harness's JVM, NioLoad) %.0f µs per request (%.2f cores); "
                        + "the whole machine %.2f of its %d cores busy",
                used.generatorSeconds() * 1e6 / requests, used.generatorSeconds() / seconds, used.busyCores(cpus), cpus);
    }

    /**
     * A gateway-minus-direct target. Below zero the direct run was the slower one, which says the host stalled
     * during it, not that the gateway is faster than no gateway: that is reported as not measured, never as met.
     */
    static String added(String target, double ms, double limitMs) {
        if (Double.isNaN(ms) || ms < 0) {
            return row(target, f3(ms) + " ms: not measured (the direct run was slower; host noise), rerun", false);
        }
        return row(target, f3(ms) + " ms", ms <= limitMs);
    }

    static String row(String target, String measured, boolean met) {
        return "| " + target + " | " + measured + " | " + (met ? "yes" : "**no**") + " |\n";
    }

    // ---------------------------------------------------------------- targets

    /** What the targets of issue 9 are judged on; {@code throughputHow} says where the sustained figures come from. */
    record Targets(double added50, double added99, double puraMax, double portkeyMax, String throughputHow, double ttfb99,
                   boolean streamsOk, long missingEvents, double lag99, long rssMaxMb) {
    }

    static String targets(Targets t) {
        StringBuilder s = new StringBuilder("## Targets (issue 9)\n\n| target | measured | met |\n|---|---|---|\n");
        s.append(added("added latency at 1,000 RPS, p50 <= 0.3 ms", t.added50(), 0.3));
        s.append(added("added latency at 1,000 RPS, p99 <= 1 ms", t.added99(), 1));
        s.append(row("sustained >= 5,000 RPS (" + t.throughputHow() + ")", rps(t.puraMax()) + " RPS", t.puraMax() >= 5000));
        s.append(row(">= 3x Portkey's sustained (" + t.throughputHow() + ")", String.format("%s / %s = %s x", rps(t.puraMax()),
                rps(t.portkeyMax()), f(t.puraMax() / t.portkeyMax())), t.puraMax() >= 3 * t.portkeyMax()));
        s.append(added("streams: added TTFB p99 <= 1 ms", t.ttfb99(), 1));
        s.append(row("1,000 concurrent streams without stalls", "see section 3", t.streamsOk()));
        s.append(row("zero billing events missing", t.missingEvents() + " missing", t.missingEvents() == 0));
        s.append(row("completion-to-spend lag p99 <= 500 ms at 1,000 RPS", f(t.lag99()) + " ms", t.lag99() <= 500));
        s.append(row("gateway RSS <= 512 MB at 1,000 RPS", t.rssMaxMb() + " MB (VmRSS max)", t.rssMaxMb() <= 512));
        return s.append('\n').toString();
    }

    // ---------------------------------------------------------------- header

    static String loadavg() {
        try {
            String[] p = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return p[0] + " " + p[1] + " " + p[2];
        } catch (Exception e) {
            return "?";
        }
    }

    void header(boolean smoke, Instant started, boolean wrk) throws IOException {
        String cpu = "?", mem = "?";
        for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (l.startsWith("model name")) {
                cpu = l.substring(l.indexOf(':') + 1).trim();
                break;
            }
        }
        for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (l.startsWith("MemTotal")) {
                mem = (Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024) + " GiB";
            }
        }
        var env = System.getenv();
        line("# Pura gateway benchmark" + (smoke ? " (smoke)" : "") + ", " + started.toString().substring(0, 19) + "Z\n");
        line("| | |\n|---|---|");
        line("| machine | " + Runtime.getRuntime().availableProcessors() + " CPUs (nproc), " + mem + ", " + cpu + " |");
        line("| kernel | " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " |");
        line("| JDK (gateway and load generator) | " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version") + " |");
        line("| gateway | commit " + env.getOrDefault("BENCH_COMMIT", "?") + ", JVM options `" + env.getOrDefault("BENCH_PURA_JAVA_OPTS", "?")
                + "`, embedded Kafka broker, ledger (Kafka Streams) running, production producer settings (acks=all, idempotent); "
                + "events go to the write-ahead spool first, PURA_SPOOL_SYNC=" + env.getOrDefault("BENCH_SPOOL_SYNC", "none") + " |");
        line("| peer | " + env.getOrDefault("BENCH_PEER", "none") + " |");
        line("| upstream mock | Pura's simulator as its own process (`xyz.pura.simulator.Simulator`), 0 ms latency, 0 ms token delay"
                + (smoke ? "" : "; a second one with 100 ms token delay for the held-open streams") + " |");
        line("| load generators | open model: this harness (NioLoad: one NIO event loop, HTTP/1.1 keep-alive, latency from each request's due time, HdrHistogram); "
                + (smoke ? "" : wrk ? "closed loop and warm-up: wrk " + Wrk.THREADS + " threads, " + Wrk.CONNECTIONS + " connections; "
                : "closed loop: wrk not installed, skipped; ")
                + "same host, loopback |");
        line("| load average at start (1/5/15 min) | " + loadavg() + " (other work on this machine, if any, shares its CPUs) |");
        line("| command | `" + env.getOrDefault("BENCH_COMMAND", "bench/run.sh") + "` |");
        line("");
    }
}
