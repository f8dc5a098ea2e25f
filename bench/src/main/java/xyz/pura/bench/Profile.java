package xyz.pura.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The profile phase, and the summary of an async-profiler profile in collapsed form (one line per distinct stack,
 * {@code frame;frame;...;leaf count}, with {@code threads} the first frame is {@code [thread-name tid=N]}):
 * CPU share by thread, the hottest leaf frames, and the inclusive share of the gateway's entry points and
 * libraries (a sample counts for a row when any frame of its stack contains the row's pattern, so rows overlap).
 */
final class Profile {
    private Profile() {
    }

    static final double INTERVAL_MS = 1.0;

    /**
     * Section 5 of the full run: async-profiler attached to the gateway with jcmd (CPU-time timer per thread, 1 ms)
     * for 20 s x scale at 1,500 RPS through Pura, then summarised. A profiler that cannot be attached is reported,
     * and the run goes on.
     */
    static void section(RunContext ctx) throws Exception {
        ctx.line("## 5. Profile of the gateway under load (async-profiler)\n");
        Path collapsed = ctx.dataDir.resolve("bench-profile.collapsed");
        Path lib = null;
        String problem = null;
        try {
            lib = Gateway.extractProfiler(ctx.dataDir.resolve("profiler"));
            ctx.gateway.profiler(lib, "start,event=ctimer,interval=" + (int) INTERVAL_MS + "ms,threads");
        } catch (Exception e) {
            problem = "could not be attached: " + e.getMessage();
        }
        long t0 = System.nanoTime();
        double cpu0 = ctx.gateway.cpuSeconds();
        Load.Result pr = ctx.c.puraOpen("pura 1500 (profiler on)", ctx.c.newKey("bench-profile"), ctx.plain, 1500, ctx.dur(20), false);
        if (problem == null) {
            try {
                ctx.gateway.profiler(lib, "stop,file=" + collapsed + ",collapsed");
            } catch (Exception e) {
                problem = "did not stop cleanly: " + e.getMessage();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9, cpu = ctx.gateway.cpuSeconds() - cpu0;
        ctx.line(Report.LAT_HEAD);
        ctx.line(Report.latencyRow(pr));
        ctx.line("");
        if (problem != null || !Files.exists(collapsed)) {
            ctx.line("async-profiler " + (problem != null ? problem : "wrote no profile") + ". No profile in this ctx.\n");
            return;
        }
        ctx.line(String.format("async-profiler (tools.profiler:async-profiler 4.2) attached with jcmd `JVMTI.agent_load` for the "
                + "phase above (%.0f s at 1,500 RPS, open model), `event=ctimer,interval=1ms,threads`: a CPU-time timer per "
                + "thread, so the samples are spread by CPU time, not wall time; Java and native frames; virtual threads "
                + "(Jetty's request threads) count under their carrier, `ForkJoinPool-N-worker-N`. The collapsed stacks are "
                + "kept beside this report only with BENCH_KEEP_PROFILE=1.\n", seconds));
        ctx.line(summarize(collapsed, seconds, cpu, INTERVAL_MS, 25));
        if ("1".equals(System.getenv("BENCH_KEEP_PROFILE"))) {
            Path keep = ctx.out.resolveSibling(ctx.out.getFileName().toString().replaceFirst("\\.md$", "") + ".collapsed");
            Files.copy(collapsed, keep, StandardCopyOption.REPLACE_EXISTING);
            ctx.line("Profile kept: `" + keep.getFileName() + "`.\n");
        }
    }

    /** Inclusive rows: label and the frame substrings (slash-separated class names, as async-profiler writes them). */
    static final List<Map.Entry<String, List<String>>> AREAS = List.of(
            Map.entry("request handling (`xyz/pura/ingress/ChatHandler.handle`)", List.of("xyz/pura/ingress/ChatHandler.handle")),
            Map.entry("upstream HTTP client (`okhttp3`, `okio`)", List.of("okhttp3/", "okio/")),
            Map.entry("JSON (`com/fasterxml/jackson`)", List.of("com/fasterxml/jackson/")),
            Map.entry("token counting (`com/knuddels/jtokkit`)", List.of("com/knuddels/jtokkit/")),
            Map.entry("HTTP server (`org/eclipse/jetty`)", List.of("org/eclipse/jetty/")),
            Map.entry("spool append (`xyz/pura/ingress/kafka/Spool.append`)", List.of("xyz/pura/ingress/kafka/Spool.append")),
            Map.entry("event producer (`org/apache/kafka/clients/producer`)", List.of("org/apache/kafka/clients/producer/")),
            Map.entry("ledger (`org/apache/kafka/streams`)", List.of("org/apache/kafka/streams/")),
            Map.entry("ledger state (`org/rocksdb`)", List.of("org/rocksdb/")),
            Map.entry("broker request handling (`kafka/server`)", List.of("kafka/server/")),
            Map.entry("broker, all (`kafka/`, `org/apache/kafka/{server,storage,raft,coordinator}`)",
                    List.of(";kafka/", "org/apache/kafka/server/", "org/apache/kafka/storage/", "org/apache/kafka/raft/",
                            "org/apache/kafka/coordinator/")),
            Map.entry("logging (`ch/qos/logback`, `org/slf4j`)", List.of("ch/qos/logback/", "org/slf4j/")));

    record Samples(long samples, Map<String, Long> threads, Map<String, Long> self, Map<String, Long> areas) {
    }

    static Samples read(Path collapsed) throws IOException {
        Map<String, Long> threads = new HashMap<>(), self = new HashMap<>(), areas = new LinkedHashMap<>();
        AREAS.forEach(a -> areas.put(a.getKey(), 0L));
        long samples = 0;
        try (Stream<String> lines = Files.lines(collapsed)) {
            for (String line : (Iterable<String>) lines::iterator) {
                int sp = line.lastIndexOf(' ');
                if (sp <= 0) {
                    continue;
                }
                long n;
                try {
                    n = Long.parseLong(line.substring(sp + 1).trim());
                } catch (NumberFormatException e) {
                    continue;
                }
                String stack = line.substring(0, sp);
                samples += n;
                String thread = "?";
                if (stack.startsWith("[")) {
                    int end = stack.indexOf("];");
                    end = end < 0 ? stack.length() - 1 : end;
                    thread = threadName(stack.substring(1, end));
                    stack = end + 2 <= stack.length() ? stack.substring(end + 2) : "";
                }
                threads.merge(thread, n, Long::sum);
                self.merge(stack.substring(stack.lastIndexOf(';') + 1), n, Long::sum);
                String framed = ";" + stack + ";";
                for (var a : AREAS) {
                    if (a.getValue().stream().anyMatch(framed::contains)) {
                        areas.merge(a.getKey(), n, Long::sum);
                    }
                }
            }
        }
        return new Samples(samples, threads, self, areas);
    }

    /**
     * A thread's name with its numbers folded to N, so that pools add up: the tid goes, a UUID becomes UUID, and a
     * number not glued to a letter becomes N ({@code ForkJoinPool-1-worker-2} -> {@code ForkJoinPool-N-worker-N};
     * {@code C2 CompilerThread0} keeps its C2).
     */
    static String threadName(String raw) {
        return raw.replaceAll(" tid=\\d+$", "")
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID")
                .replaceAll("(?<![A-Za-z])[0-9]+", "N");
    }

    /** Markdown tables; {@code seconds} is the profiled wall time, {@code intervalMs} the CPU-time sampling interval. */
    static String summarize(Path collapsed, double seconds, double processCpu, double intervalMs, int top) throws IOException {
        Samples p = read(collapsed);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Samples: %d in %.1f s of wall time", p.samples(), seconds));
        if (!Double.isNaN(processCpu) && p.samples() > 0) {
            sb.append(String.format("; the gateway process used %.1f s of CPU meanwhile (/proc/<pid>/stat: %.2f of the machine's CPUs), "
                    + "so a sample stands for %.1f ms of CPU (per-thread CPU timers fire on the kernel's scheduler tick, so "
                    + "a %.0f ms interval is rounded up to the tick)", processCpu, seconds == 0 ? 0 : processCpu / seconds,
                    1000 * processCpu / p.samples(), intervalMs));
        }
        sb.append(".\n\n");
        sb.append("| thread (digits folded to N) | share of CPU |\n|---|---:|\n");
        appendTop(sb, p.threads(), p.samples(), 15, true);
        sb.append("\n| self (leaf frame), top ").append(top).append(" | share of CPU |\n|---|---:|\n");
        appendTop(sb, p.self(), p.samples(), top, true);
        sb.append("\n| inclusive: entry point or area on the stack (rows overlap) | share of CPU |\n|---|---:|\n");
        appendTop(sb, p.areas(), p.samples(), p.areas().size(), false);
        return sb.toString();
    }

    private static void appendTop(StringBuilder sb, Map<String, Long> m, long total, int n, boolean code) {
        m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .forEach(e -> sb.append("| ").append(code ? "`" + e.getKey().replace("|", "\\|") + "`" : e.getKey()).append(" | ")
                        .append(String.format("%.1f %%", total == 0 ? 0 : 100.0 * e.getValue() / total)).append(" |\n"));
    }

    public static void main(String[] args) throws IOException {
        System.out.println(summarize(Path.of(args[0]), args.length > 1 ? Double.parseDouble(args[1]) : 0, Double.NaN, 1, 25));
    }
}
