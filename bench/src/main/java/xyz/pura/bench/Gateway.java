package xyz.pura.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's process as the harness sees it from outside: memory from /proc, GC pauses from its GC log,
 * jcmd, the embedded broker's port, and async-profiler attached with jcmd.
 */
final class Gateway {
    final long pid;
    private final Path dataDir;
    private final Path gcLog;
    /** {epochMillis, VmRSS kB, RssAnon kB, RssShmem kB}, every 250 ms. */
    private final ConcurrentLinkedQueue<long[]> memory = new ConcurrentLinkedQueue<>();

    Gateway(long pid, Path dataDir, Path gcLog) {
        this.pid = pid;
        this.dataDir = dataDir;
        this.gcLog = gcLog;
    }

    // ---------------------------------------------------------------- memory

    private static final String[] MEMORY_FIELDS = {"VmRSS", "RssAnon", "RssShmem"};

    void sampleMemory() {
        Thread.ofPlatform().daemon().name("rss").start(() -> {
            Path status = Path.of("/proc/" + pid + "/status");
            while (true) {
                try {
                    long[] s = new long[1 + MEMORY_FIELDS.length];
                    s[0] = System.currentTimeMillis();
                    for (String line : Files.readAllLines(status)) {
                        for (int i = 0; i < MEMORY_FIELDS.length; i++) {
                            if (line.startsWith(MEMORY_FIELDS[i] + ":")) {
                                s[i + 1] = Long.parseLong(line.replaceAll("[^0-9]", ""));
                            }
                        }
                    }
                    memory.add(s);
                    Thread.sleep(250);
                } catch (Exception e) {
                    return;
                }
            }
        });
    }

    /** Max and mean (MB) of VmRSS, RssAnon and RssShmem between two wall times. */
    record Memory(long rssMax, long rssMean, long anonMax, long anonMean, long shmemMax, long shmemMean, int samples) {
    }

    Memory memoryIn(long from, long to) {
        long[] max = new long[MEMORY_FIELDS.length], sum = new long[MEMORY_FIELDS.length];
        int n = 0;
        for (long[] s : memory) {
            if (s[0] >= from && s[0] <= to) {
                n++;
                for (int i = 0; i < MEMORY_FIELDS.length; i++) {
                    max[i] = Math.max(max[i], s[i + 1]);
                    sum[i] += s[i + 1];
                }
            }
        }
        int d = Math.max(1, n);
        return new Memory(max[0] / 1024, sum[0] / d / 1024, max[1] / 1024, sum[1] / d / 1024, max[2] / 1024,
                sum[2] / d / 1024, n);
    }

    /** CPU time (user + system) the process has used so far, in seconds, from /proc/<pid>/stat (100 ticks a second); NaN if unreadable. */
    double cpuSeconds() {
        try {
            return cpuSeconds(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** User plus system time of one line of /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat: fields 14 and 15, in ticks of 1/100 s. */
    static double cpuSeconds(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    /** The collector's threads by their (15-character) Linux names: G1's workers, marker, refinement and service threads, and ZGC's. */
    private static final Pattern GC_THREAD = Pattern.compile("^(GC Thread|G1 |Z[A-Z]).*");

    /**
     * CPU time (user + system, seconds) used so far by the process and by its collector's threads, from
     * /proc/<pid>/stat and /proc/<pid>/task/<tid>/stat; NaNs if unreadable.
     */
    record Cpu(double process, double gcThreads) {
        Cpu minus(Cpu before) {
            return new Cpu(process - before.process, gcThreads - before.gcThreads);
        }
    }

    Cpu cpu() {
        double gc = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (GC_THREAD.matcher(name).matches()) {
                        gc += cpuSeconds(stat);
                    }
                } catch (java.io.IOException threadEnded) {
                    // a thread that ended between the listing and the read
                }
            }
        } catch (Exception e) {
            gc = Double.NaN;
        }
        return new Cpu(cpuSeconds(), gc);
    }

    String procField(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return line.substring(field.length() + 1).trim();
                }
            }
        } catch (Exception e) {
            return "?";
        }
        return "?";
    }

    // ---------------------------------------------------------------- GC log

    private static final Pattern GC_TIME = Pattern.compile("^\\[([0-9T:.+\\-]+)\\]");
    /** A pause line of ZGC ({@code Pause Mark Start 0.012ms}) or G1 ({@code Pause Young (Normal) (...) 150M->40M(320M) 3.456ms}). */
    private static final Pattern GC_PAUSE = Pattern.compile("(Pause [A-Za-z ]*[A-Za-z]).*?([0-9]+\\.[0-9]+)ms\\s*$");
    private static final Pattern GC_ID = Pattern.compile("GC\\((\\d+)\\)");

    /** GC cycles and pauses logged between two wall times: count, max, p99, total and the collector's pause kinds. */
    String gcIn(long from, long to) throws Exception {
        if (gcLog == null || !Files.exists(gcLog)) {
            return "no GC log";
        }
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        List<Double> pauses = new ArrayList<>();
        Set<String> cycles = new HashSet<>();
        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (String line : Files.readAllLines(gcLog)) {
            Matcher t = GC_TIME.matcher(line);
            if (!t.find()) {
                continue;
            }
            long at;
            try {
                at = OffsetDateTime.parse(t.group(1), f).toInstant().toEpochMilli();
            } catch (Exception e) {
                continue;
            }
            if (at < from || at > to) {
                continue;
            }
            Matcher id = GC_ID.matcher(line);
            if (id.find()) {
                cycles.add(id.group(1));
            }
            if (line.contains("Pause")) {
                Matcher p = GC_PAUSE.matcher(line);
                if (p.find()) {
                    pauses.add(Double.parseDouble(p.group(2)));
                    kinds.merge(p.group(1).trim(), 1, Integer::sum);
                }
            }
        }
        pauses.sort(null);
        double max = pauses.isEmpty() ? 0 : pauses.get(pauses.size() - 1);
        double sum = pauses.stream().mapToDouble(Double::doubleValue).sum();
        double p99 = pauses.isEmpty() ? 0 : pauses.get((int) Math.min(pauses.size() - 1, Math.ceil(pauses.size() * 0.99) - 1));
        return String.format("%d GC cycles, %d pauses, max %.3f ms, p99 %.3f ms, total %.3f ms (%s)",
                cycles.size(), pauses.size(), max, p99, sum, kinds);
    }

    // ---------------------------------------------------------------- jcmd, broker

    String jcmd(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String o = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return o;
    }

    int brokerPort() throws Exception {
        var p = new java.util.Properties();
        try (var in = Files.newInputStream(dataDir.resolve("kafka/ports.properties"))) {
            p.load(in);
        }
        return Integer.parseInt(p.getProperty("broker").trim());
    }

    // ---------------------------------------------------------------- async-profiler

    static final String PROFILER_LIB = "linux-x64/libasyncProfiler.so";

    /** Copies async-profiler's native library out of its jar on the bench classpath into {@code dir}. */
    static Path extractProfiler(Path dir) throws Exception {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(PROFILER_LIB)) {
            if (in == null) {
                throw new IllegalStateException(PROFILER_LIB + " is not on the bench classpath (tools.profiler:async-profiler)");
            }
            Files.createDirectories(dir);
            Path lib = dir.resolve("libasyncProfiler.so");
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
            return lib;
        }
    }

    /**
     * Loads the profiler into the gateway with a command ({@code start,...} or {@code stop,...}); jcmd needs the
     * agent's options in double quotes. Returns jcmd's output; throws when it reports a failure.
     */
    String profiler(Path lib, String command) throws Exception {
        String o = jcmd("JVMTI.agent_load", lib.toString(), "\"" + command + "\"").strip();
        String lower = o.toLowerCase(java.util.Locale.ROOT);
        // jcmd reports "return code: 0" when the agent ran; a library that could not be loaded says "was not loaded"
        if (lower.contains("not loaded") || lower.contains("fail") || lower.contains("error") || lower.contains("exception")
                || !lower.matches("(?s).*return code:\\s*0\\b.*")) {
            throw new IllegalStateException("jcmd JVMTI.agent_load \"" + command + "\": " + o);
        }
        return o;
    }
}
