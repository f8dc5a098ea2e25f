package xyz.pura.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The benchmark harness (issue 9). bench/run.sh starts the processes (mock upstreams, the gateway on its
 * embedded broker, the peer) and hands their addresses to this class by environment; this class drives the
 * scenarios and writes the Markdown report. Exit status 1 when something is broken (errors through the
 * gateway, missing billing events, a stream that did not finish); performance targets are reported, not enforced.
 */
public final class Harness {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PROMPT = "Write one short sentence about backpressure in API gateways.";

    final boolean smoke = "1".equals(System.getenv("BENCH_SMOKE"));
    final String mock = env("BENCH_MOCK_URL");
    final String slowMock = optEnv("BENCH_SLOW_MOCK_URL");
    final String pura = env("BENCH_PURA_URL");
    final String portkey = optEnv("BENCH_PORTKEY_URL");
    final long puraPid = Long.parseLong(env("BENCH_PURA_PID"));
    final Path dataDir = Path.of(env("BENCH_PURA_DATA_DIR"));
    final Path gcLog = System.getenv("BENCH_GC_LOG") == null ? null : Path.of(System.getenv("BENCH_GC_LOG"));
    final Path out = Path.of(env("BENCH_REPORT"));
    final double scale = Double.parseDouble(System.getenv().getOrDefault("BENCH_SCALE", "1"));

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(2)).build();
    final List<String> failures = new ArrayList<>();
    final StringBuilder report = new StringBuilder();
    final Map<String, Long> servedByKey = new LinkedHashMap<>();
    final Map<String, String> keyLabel = new LinkedHashMap<>();
    final ConcurrentLinkedQueue<long[]> rss = new ConcurrentLinkedQueue<>(); // {epochMillis, kB}

    static String env(String k) {
        String v = System.getenv(k);
        if (v == null || v.isBlank()) {
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

    // ---------------------------------------------------------------- requests

    static byte[] body(String model, boolean stream, int maxTokens) {
        var b = JSON.createObjectNode().put("model", model);
        b.putArray("messages").addObject().put("role", "user").put("content", PROMPT);
        b.put("max_tokens", maxTokens);
        if (stream) {
            b.put("stream", true);
        }
        return b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    Supplier<HttpRequest> direct(String base, byte[] body) {
        URI uri = URI.create(base + "/v1/chat/completions");
        return () -> HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer x").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    Supplier<HttpRequest> viaPura(String key, byte[] body) {
        URI uri = URI.create(pura + "/v1/chat/completions");
        return () -> HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    Supplier<HttpRequest> viaPortkey(String upstreamBase, byte[] body) {
        URI uri = URI.create(portkey + "/v1/chat/completions");
        return () -> HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer x").header("x-portkey-provider", "openai")
                .header("x-portkey-custom-host", upstreamBase + "/v1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** A fresh key with a budget no run can reach; its id tells its events apart. Returns {key, keyId}. */
    String[] newKey(String label) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(pura + "/api/keys"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"" + label + "\",\"dailyBudgetUsd\":\"1000000\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IllegalStateException("POST /api/keys: " + r.statusCode() + " " + r.body());
        }
        JsonNode n = JSON.readTree(r.body());
        keyLabel.put(n.get("keyId").asText(), label);
        servedByKey.put(n.get("keyId").asText(), 0L);
        return new String[] {n.get("key").asText(), n.get("keyId").asText()};
    }

    Load.Result puraOpen(String label, String[] key, byte[] body, double rps, long nanos, boolean stream) {
        Load.Result r = Load.open(label, client, viaPura(key[0], body), rps, nanos, 20_000, stream);
        servedByKey.merge(key[1], r.ok.get(), Long::sum);
        return r;
    }

    // ---------------------------------------------------------------- gateway process

    void sampleRss() {
        Thread.ofPlatform().daemon().name("rss").start(() -> {
            Path status = Path.of("/proc/" + puraPid + "/status");
            while (true) {
                try {
                    for (String line : Files.readAllLines(status)) {
                        if (line.startsWith("VmRSS:")) {
                            rss.add(new long[] {System.currentTimeMillis(), Long.parseLong(line.replaceAll("[^0-9]", ""))});
                        }
                    }
                    Thread.sleep(250);
                } catch (Exception e) {
                    return;
                }
            }
        });
    }

    long[] rssIn(long from, long to) { // {max kB, avg kB}
        long max = 0, sum = 0, n = 0;
        for (long[] s : rss) {
            if (s[0] >= from && s[0] <= to) {
                max = Math.max(max, s[1]);
                sum += s[1];
                n++;
            }
        }
        return new long[] {max, n == 0 ? 0 : sum / n};
    }

    static String procField(long pid, String field) {
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

    private static final Pattern GC_TIME = Pattern.compile("^\\[([0-9T:.+\\-]+)\\]");
    private static final Pattern GC_PAUSE = Pattern.compile("(Pause [^(]*?)\\s*(?:\\([^)]*\\)\\s*)*[^0-9]*?([0-9]+\\.[0-9]+)ms\\s*$");
    private static final Pattern GC_ID = Pattern.compile("GC\\((\\d+)\\)");

    /** GC pauses logged between two wall times: {count, max ms, sum ms, p99 ms, cycles}, and the collector's pause kinds. */
    String gcIn(long from, long to) throws Exception {
        if (gcLog == null || !Files.exists(gcLog)) {
            return "no GC log";
        }
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        List<Double> pauses = new ArrayList<>();
        java.util.Set<String> cycles = new java.util.HashSet<>();
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

    String jcmd(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(puraPid));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String o = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return o;
    }

    // ---------------------------------------------------------------- report helpers

    static String f(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.2f", v);
    }

    static String f3(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.3f", v);
    }

    void line(String s) {
        report.append(s).append('\n');
        System.out.println(s);
    }

    static final double[] PCTS = {50, 90, 99, 99.9};

    String latencyRow(Load.Result r) {
        return String.format("| %s | %s | %s | %d | %d | %s | %s | %s | %s | %s | %s |", r.label,
                r.targetRps == 0 ? "closed" : String.format("%.0f", r.targetRps), f(r.okRpsInWindow()), r.ok.get(), r.errors.get(),
                f3(r.ms(r.latency, 50)), f3(r.ms(r.latency, 90)), f3(r.ms(r.latency, 99)), f3(r.ms(r.latency, 99.9)),
                f3(r.latency.getMaxValue() / 1000.0), r.errorSummary());
    }

    static final String LAT_HEAD = "| run | target RPS | ok RPS | ok | errors | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | error kinds |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";

    void check(Load.Result r, boolean mustBeClean) {
        System.out.println(latencyRow(r));
        if (mustBeClean && r.errors.get() > 0) {
            failures.add(r.label + ": " + r.errors.get() + " errors " + r.errorSummary());
        }
    }

    static void pause(double s) throws InterruptedException {
        Thread.sleep((long) (s * 1000));
    }

    // ---------------------------------------------------------------- run

    public static void main(String[] args) throws Exception {
        Harness h = new Harness();
        int code;
        try {
            code = h.run();
        } catch (Exception e) {
            e.printStackTrace();
            code = 2;
        }
        System.exit(code);
    }

    int run() throws Exception {
        sampleRss();
        String bootstrap = "127.0.0.1:" + brokerPort();
        BillingWatch billing = new BillingWatch(bootstrap);
        Instant started = Instant.now();
        header(started);
        byte[] plain = body("gpt-4o-mini", false, 40);
        byte[] streamBody = body("gpt-4o-mini", true, 40);
        List<Load.Result> fixed = new ArrayList<>();
        String[] key1000 = null;
        long w1000From = 0, w1000To = 0;
        String gc1000 = "";

        // warm-up: JIT, connection pools, producer, Streams tasks
        String[] warmKey = newKey("bench-warmup");
        Load.open("warm direct", client, direct(mock, plain), smoke ? 200 : 1000, smoke ? sec(1) : dur(8), 20_000, false);
        puraOpen("warm pura", warmKey, plain, smoke ? 200 : 1000, smoke ? sec(2) : dur(12), false);
        if (portkey != null) {
            Load.open("warm portkey", client, viaPortkey(mock, plain), 300, dur(8), 20_000, false);
        }

        if (smoke) {
            String[] k = newKey("bench-smoke");
            Load.Result d = Load.open("direct 200", client, direct(mock, plain), 200, sec(5), 20_000, false);
            Load.Result p = puraOpen("pura 200", k, plain, 200, sec(5), false);
            Load.Result sd = Load.open("direct stream 20", client, direct(mock, streamBody), 20, sec(2), 5_000, true);
            Load.Result sp = puraOpen("pura stream 20", k, streamBody, 20, sec(2), true);
            for (Load.Result r : List.of(d, p, sd, sp)) {
                check(r, true);
            }
            line("## Smoke\n");
            line(LAT_HEAD);
            for (Load.Result r : List.of(d, p)) {
                line(latencyRow(r));
            }
            line("");
            line(streamHead());
            for (Load.Result r : List.of(sd, sp)) {
                line(streamRow(r));
            }
            line("");
            line(String.format("Added latency at 200 RPS (pura - direct): p50 %s ms, p99 %s ms; added TTFB p99 %s ms (not enforced).",
                    f3(p.ms(p.latency, 50) - d.ms(d.latency, 50)), f3(p.ms(p.latency, 99) - d.ms(d.latency, 99)),
                    f3(sp.ms(sp.ttfb, 99) - sd.ms(sd.ttfb, 99))));
            billingSection(billing, null);
            return finish(billing, started);
        }

        // 1. fixed rates, direct vs pura vs portkey, interleaved per rate
        for (int rate : new int[] {250, 500, 1000, 2000}) {
            Load.Result d = Load.open("direct " + rate, client, direct(mock, plain), rate, dur(20), 20_000, false);
            check(d, false);
            pause(1);
            String[] k = newKey("bench-fixed-" + rate);
            long from = System.currentTimeMillis();
            Load.Result p = puraOpen("pura " + rate, k, plain, rate, dur(rate == 1000 ? 30 : 20), false);
            long to = System.currentTimeMillis();
            check(p, true);
            if (rate == 1000) {
                key1000 = k;
                w1000From = from;
                w1000To = to;
                gc1000 = gcIn(from, to);
            }
            pause(1);
            fixed.add(d);
            fixed.add(p);
            if (portkey != null) {
                Load.Result q = Load.open("portkey " + rate, client, viaPortkey(mock, plain), rate, dur(20), 20_000, false);
                check(q, false);
                fixed.add(q);
                pause(rate >= 1000 ? 5 : 1);
            }
        }
        line("## 1. Fixed rates, non-streamed (open model, latency from each request's due time)\n");
        line("Each row: `gpt-4o-mini`, 40 max tokens, one connection pool per client, HTTP/1.1 keep-alive. "
                + "Errors through Pura fail the run; the peer's are reported.\n");
        line(LAT_HEAD);
        fixed.forEach(r -> line(latencyRow(r)));
        line("\n### Added latency (gateway minus direct, same rate, ms)\n");
        line("| rate | Pura p50 | Pura p90 | Pura p99 | Pura p99.9 | Portkey p50 | Portkey p90 | Portkey p99 | Portkey p99.9 | Portkey/Pura p50 | Portkey/Pura p99 |");
        line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int rate : new int[] {250, 500, 1000, 2000}) {
            Load.Result d = find(fixed, "direct " + rate), p = find(fixed, "pura " + rate), q = find(fixed, "portkey " + rate);
            double[] ap = new double[4], aq = new double[4];
            for (int i = 0; i < 4; i++) {
                ap[i] = p.ms(p.latency, PCTS[i]) - d.ms(d.latency, PCTS[i]);
                aq[i] = q == null ? Double.NaN : q.ms(q.latency, PCTS[i]) - d.ms(d.latency, PCTS[i]);
            }
            line(String.format("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |", rate, f3(ap[0]), f3(ap[1]), f3(ap[2]), f3(ap[3]),
                    f3(aq[0]), f3(aq[1]), f3(aq[2]), f3(aq[3]), f(aq[0] / ap[0]), f(aq[2] / ap[2])));
        }
        long[] rss1000 = rssIn(w1000From, w1000To);
        line(String.format("\nGateway at 1,000 RPS: RSS max %d MB, mean %d MB (VmRSS every 250 ms); GC: %s.\n",
                rss1000[0] / 1024, rss1000[1] / 1024, gc1000));

        // 2. maximum sustained throughput
        line("## 2. Maximum sustained throughput, non-streamed\n");
        line("Open-model steps of " + (int) (10 * scale) + " s; a step is sustained when errors < 0.1 %, "
                + ">= 98 % of the offered requests completed inside the step, and p99 < 1 s (no queue building up). "
                + "The load generator, the mock and the broker share the same 2 cores.\n");
        line(LAT_HEAD);
        double puraMax = steps("pura", new int[] {2500, 3500, 5000, 6500, 8000},
                (rate, n) -> puraOpen("pura step " + rate, newKeyQuiet("bench-step-" + rate), plain, rate, n, false));
        double portkeyMax = Double.NaN;
        if (portkey != null) {
            pause(3);
            portkeyMax = steps("portkey", new int[] {400, 600, 800, 1000, 1300},
                    (rate, n) -> Load.open("portkey step " + rate, client, viaPortkey(mock, plain), rate, n, 20_000, false));
        }
        line("");
        line("Closed model for reference (16 connections, each sends when the previous answered, like `wrk -c16`):\n");
        line(LAT_HEAD);
        Load.Result cd = Load.closed("direct closed-16", client, direct(mock, plain), 16, dur(10));
        line(latencyRow(cd));
        String[] ck = newKey("bench-closed");
        Load.Result cp = Load.closed("pura closed-16", client, viaPura(ck[0], plain), 16, dur(10));
        servedByKey.merge(ck[1], cp.ok.get(), Long::sum);
        line(latencyRow(cp));
        Load.Result cq = null;
        if (portkey != null) {
            cq = Load.closed("portkey closed-16", client, viaPortkey(mock, plain), 16, dur(10));
            line(latencyRow(cq));
        }
        line(String.format("\nSustained through Pura: **%.0f RPS**; Portkey: **%.0f RPS**; ratio %s. Closed-16 throughput: "
                        + "direct %.0f, Pura %.0f, Portkey %s RPS (ratio %s).\n",
                puraMax, portkeyMax, f(puraMax / portkeyMax), cd.achievedRps(), cp.achievedRps(),
                cq == null ? "-" : String.format("%.0f", cq.achievedRps()), cq == null ? "-" : f(cp.achievedRps() / cq.achievedRps())));

        // 3. streaming: added time to first byte
        line("## 3. Streaming\n");
        String[] sk = newKey("bench-stream");
        Load.Result sd = Load.open("direct stream 200", client, direct(mock, streamBody), 200, dur(15), 20_000, true);
        Load.Result sp = puraOpen("pura stream 200", sk, streamBody, 200, dur(15), true);
        check(sp, true);
        Load.Result sq = portkey == null ? null : Load.open("portkey stream 200", client, viaPortkey(mock, streamBody), 200, dur(15), 20_000, true);
        line("Time to first byte of the body and total time, from each request's due time, 200 streams/s, zero-delay mock:\n");
        line(streamHead());
        for (Load.Result r : java.util.Arrays.asList(sd, sp, sq)) {
            if (r != null) {
                line(streamRow(r));
            }
        }
        line(String.format("\nAdded TTFB (gateway - direct): Pura p50 %s ms, p99 %s ms, p99.9 %s ms; Portkey p50 %s ms, p99 %s ms.\n",
                f3(sp.ms(sp.ttfb, 50) - sd.ms(sd.ttfb, 50)), f3(sp.ms(sp.ttfb, 99) - sd.ms(sd.ttfb, 99)),
                f3(sp.ms(sp.ttfb, 99.9) - sd.ms(sd.ttfb, 99.9)),
                sq == null ? "-" : f3(sq.ms(sq.ttfb, 50) - sd.ms(sd.ttfb, 50)), sq == null ? "-" : f3(sq.ms(sq.ttfb, 99) - sd.ms(sd.ttfb, 99))));

        if (slowMock != null) {
            byte[] slowBody = body("llama-3.1-8b-instant", true, 60);
            line("1,000 concurrent streams: 1,000 streams opened over 2 s (500/s) against a mock that waits 100 ms between "
                    + "tokens (60 tokens, ~6 s each), so all 1,000 are open at once. A stall: a gap > 1 s between two reads "
                    + "of one stream, or a stream that did not end with `[DONE]`.\n");
            line("| run | opened | finished with [DONE] | errors | peak open at once | TTFB p99 ms | gap p50 ms | gap p99 ms | gap max ms | stalls (gap > 1 s) | total p99 s |");
            line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            String[] ck2 = newKey("bench-concurrent");
            List<Load.Result> cs = new ArrayList<>();
            cs.add(Load.open("direct 1000 streams", client, direct(slowMock + "/openai", slowBody), 500, sec(2), 5_000, true));
            pause(2);
            Load.Result cpura = puraOpen("pura 1000 streams", ck2, slowBody, 500, sec(2), true);
            cs.add(cpura);
            check(cpura, true);
            if (portkey != null) {
                pause(2);
                cs.add(Load.open("portkey 1000 streams", client, viaPortkey(slowMock + "/openai", slowBody), 500, sec(2), 5_000, true));
            }
            for (Load.Result r : cs) {
                long stalls = r.gaps.getCountBetweenValues(1_000_000, Load.MAX_TRACKABLE_US);
                line(String.format("| %s | %d | %d | %d | %d | %s | %s | %s | %s | %d | %s |", r.label, r.sent.get(), r.ok.get(), r.errors.get(),
                        r.peakOpen.get(), f3(r.ms(r.ttfb, 99)), f3(r.ms(r.gaps, 50)), f3(r.ms(r.gaps, 99)), f3(r.gaps.getMaxValue() / 1000.0),
                        stalls, f(r.ms(r.latency, 99) / 1000)));
                if (r == cpura && (stalls > 0 || r.ok.get() < r.sent.get())) {
                    failures.add("pura concurrent streams: " + stalls + " stalls, " + (r.sent.get() - r.ok.get()) + " unfinished");
                }
            }
            line("");
        }

        // 4. durability: the cost of waiting for Kafka's acknowledgement, and what a spool would cost
        line("## 4. Durability cost: Kafka acknowledgement before the last byte\n");
        Histogram ackIdle = Probes.kafkaAck(bootstrap, 500, dur(5));
        String[] dk = newKey("bench-durability");
        final Histogram[] ackLoaded = new Histogram[1];
        Thread probe = Thread.ofPlatform().start(() -> {
            try {
                ackLoaded[0] = Probes.kafkaAck(bootstrap, 200, dur(14));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Load.Result dl = puraOpen("pura 1000 (+ack probe)", dk, plain, 1000, dur(15), false);
        probe.join();
        Probes.Spool spool = Probes.spool(dataDir.resolve("bench-spool"), 4000);
        line("A producer with the gateway's settings (acks=all, idempotence, linger.ms=1, lz4) sends a RequestCompleted "
                + "record and times send -> acknowledgement: this is what `Exchange.succeed -> EventPublisher.publishDurably` "
                + "blocks on before the response is written.\n");
        line("| measurement | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |\n|---|---:|---:|---:|---:|---:|");
        line(histRow("Kafka ack, broker otherwise idle (500/s)", ackIdle, 1000.0));
        if (ackLoaded[0] != null) {
            line(histRow("Kafka ack, gateway at 1,000 RPS (probe 200/s)", ackLoaded[0], 1000.0));
        }
        line(histRow("Pura 1,000 RPS end-to-end during the probe", dl.latency, 1000.0));
        line(histRow("spool: append (write, page cache)", spool.writeOnly(), 1_000_000.0));
        line(histRow("spool: append + fdatasync per record", spool.writeForce(), 1_000_000.0));
        line(histRow("spool: append + group fdatasync every 1 ms (wait incl.)", spool.groupForce1ms(), 1_000_000.0));
        line("");

        // 5. profile (JFR) under load
        line("## 5. Profile of the gateway under load (JFR)\n");
        Path jfr = out.resolveSibling(out.getFileName().toString().replace(".md", "") + ".jfr");
        Path jfrTmp = dataDir.resolve("bench.jfr");
        String[] pk = newKey("bench-profile");
        jcmd("JFR.start", "name=bench", "settings=profile", "jdk.ThreadPark#threshold=1ms");
        Load.Result pr = puraOpen("pura 2000 (JFR on)", pk, plain, 2000, dur(20), false);
        jcmd("JFR.stop", "name=bench", "filename=" + jfrTmp);
        line(LAT_HEAD);
        line(latencyRow(pr));
        line("");
        if (Files.exists(jfrTmp)) {
            line("Recording: " + (int) (20 * scale) + " s at 2,000 RPS, JFR `profile` settings (20 ms CPU sampling per thread; "
                    + "ThreadPark >= 1 ms). File kept beside this report only when BENCH_KEEP_JFR=1.\n");
            line(JfrSummary.summarize(jfrTmp, 25));
            if ("1".equals(System.getenv("BENCH_KEEP_JFR"))) {
                Files.createDirectories(jfr.getParent());
                Files.copy(jfrTmp, jfr, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }

        // 6. billing
        billingSection(billing, key1000);
        String targets = targets(fixed, puraMax, portkeyMax, sp, sd, rss1000, billing, key1000);
        report.insert(report.indexOf("## 1."), targets);
        return finish(billing, started);
    }

    interface Step {
        Load.Result run(int rate, long nanos) throws Exception;
    }

    String[] newKeyQuiet(String label) {
        try {
            return newKey(label);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    double steps(String who, int[] rates, Step step) throws Exception {
        double best = 0;
        for (int rate : rates) {
            Load.Result r = step.run(rate, dur(10));
            line(latencyRow(r));
            boolean ok = r.errorRate() < 0.001 && r.okInWindow >= 0.98 * r.sent.get() && r.ms(r.latency, 99) < 1000;
            if (!ok) {
                line(String.format("| %s stops: %.0f RPS not sustained (errors %.2f %%, completed in step %.1f %%, p99 %s ms; generator max send lag %.1f ms) | | | | | | | | | | |",
                        who, (double) rate, 100 * r.errorRate(), 100.0 * r.okInWindow / Math.max(1, r.sent.get()), f(r.ms(r.latency, 99)),
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

    static String streamHead() {
        return "| run | ok | errors | TTFB p50 ms | TTFB p90 ms | TTFB p99 ms | TTFB p99.9 ms | total p50 ms | total p99 ms |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|";
    }

    static String streamRow(Load.Result r) {
        return String.format("| %s | %d | %d | %s | %s | %s | %s | %s | %s |", r.label, r.ok.get(), r.errors.get(),
                f3(r.ms(r.ttfb, 50)), f3(r.ms(r.ttfb, 90)), f3(r.ms(r.ttfb, 99)), f3(r.ms(r.ttfb, 99.9)),
                f3(r.ms(r.latency, 50)), f3(r.ms(r.latency, 99)));
    }

    static String histRow(String label, Histogram h, double perMs) {
        return String.format("| %s | %s | %s | %s | %s | %s |", label, f3(h.getValueAtPercentile(50) / perMs),
                f3(h.getValueAtPercentile(90) / perMs), f3(h.getValueAtPercentile(99) / perMs),
                f3(h.getValueAtPercentile(99.9) / perMs), f3(h.getMaxValue() / perMs));
    }

    // ---------------------------------------------------------------- billing

    void billingSection(BillingWatch billing, String[] lagKey) throws Exception {
        for (var e : servedByKey.entrySet()) {
            billing.settle(e.getKey(), e.getValue(), Duration.ofSeconds(20));
        }
        line("## Billing under load\n");
        line("Served: answers with status 200 the load generator received through Pura. Completions: RequestCompleted "
                + "events of that key on `pura.completions` (status ok / all), read by a KafkaConsumer (read_committed). "
                + "They must be equal.\n");
        line("| key (phase) | served (200) | completions ok | completions all | debited | last spend ledgerSequence | missing | extra |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|");
        long totalMissing = 0;
        for (var e : servedByKey.entrySet()) {
            String k = e.getKey();
            long served = e.getValue(), ok = billing.count(k, "ok"), all = billing.count(k, null);
            long missing = Math.max(0, served - ok), extra = Math.max(0, ok - served);
            totalMissing += missing;
            line(String.format("| %s | %d | %d | %d | %d | %d | %d | %d |", keyLabel.get(k), served, ok, all, billing.debited(k),
                    billing.lastSequence(k), missing, extra));
            if (served != ok) {
                failures.add("billing " + keyLabel.get(k) + ": served " + served + " but " + ok + " ok completions");
            }
            if (billing.lastSequence(k) < billing.debited(k)) {
                failures.add("spend " + keyLabel.get(k) + ": ledgerSequence " + billing.lastSequence(k) + " < debited " + billing.debited(k));
            }
        }
        line("\nBilling events missing in total: **" + totalMissing + "**.\n");
        if (lagKey != null) {
            long[] missing = new long[1];
            Histogram lag = billing.lag(lagKey[1], missing);
            line("Completion-to-spend lag at 1,000 RPS (key `" + keyLabel.get(lagKey[1]) + "`): for the k-th debited completion "
                    + "of the key (one partition, so ledger sequence k), the wall-clock time this harness's consumer received the "
                    + "first SpendView with `ledgerSequence >= k`, minus the completion's `occurredAt` (same host clock; includes "
                    + "the consumer's 5 ms poll). SpendView.updatedAt is event time (the completion's own time), so it cannot show lag.\n");
            line(String.format("| completions | p50 ms | p90 ms | p99 ms | max ms | never in spend |\n|---:|---:|---:|---:|---:|---:|\n| %d | %s | %s | %s | %s | %d |\n",
                    lag.getTotalCount(), f(lag.getValueAtPercentile(50) / 1000.0), f(lag.getValueAtPercentile(90) / 1000.0),
                    f(lag.getValueAtPercentile(99) / 1000.0), f(lag.getMaxValue() / 1000.0), missing[0]));
        }
    }

    // ---------------------------------------------------------------- targets, header, end

    String targets(List<Load.Result> fixed, double puraMax, double portkeyMax, Load.Result sp, Load.Result sd, long[] rss1000,
                   BillingWatch billing, String[] key1000) {
        Load.Result d = find(fixed, "direct 1000"), p = find(fixed, "pura 1000");
        double a50 = p.ms(p.latency, 50) - d.ms(d.latency, 50), a99 = p.ms(p.latency, 99) - d.ms(d.latency, 99);
        double t99 = sp.ms(sp.ttfb, 99) - sd.ms(sd.ttfb, 99);
        long[] missing = new long[1];
        Histogram lag = billing.lag(key1000[1], missing);
        double lag99 = lag.getValueAtPercentile(99) / 1000.0;
        long missingEvents = 0;
        for (var e : servedByKey.entrySet()) {
            missingEvents += Math.max(0, e.getValue() - billing.count(e.getKey(), "ok"));
        }
        StringBuilder t = new StringBuilder("## Targets (issue 9)\n\n| target | measured | met |\n|---|---|---|\n");
        t.append(row("added latency at 1,000 RPS, p50 <= 0.3 ms", f3(a50) + " ms", a50 <= 0.3));
        t.append(row("added latency at 1,000 RPS, p99 <= 1 ms", f3(a99) + " ms", a99 <= 1));
        t.append(row("sustained >= 5,000 RPS", String.format("%.0f RPS", puraMax), puraMax >= 5000));
        t.append(row(">= 3x Portkey's sustained", String.format("%.0f / %.0f = %s x", puraMax, portkeyMax, f(puraMax / portkeyMax)), puraMax >= 3 * portkeyMax));
        t.append(row("streams: added TTFB p99 <= 1 ms", f3(t99) + " ms", t99 <= 1));
        t.append(row("1,000 concurrent streams without stalls", "see section 3", failures.stream().noneMatch(s -> s.contains("concurrent"))));
        t.append(row("zero billing events missing", missingEvents + " missing", missingEvents == 0));
        t.append(row("completion-to-spend lag p99 <= 500 ms at 1,000 RPS", f(lag99) + " ms", lag99 <= 500));
        t.append(row("gateway RSS <= 512 MB at 1,000 RPS", (rss1000[0] / 1024) + " MB (max)", rss1000[0] / 1024 <= 512));
        t.append('\n');
        return t.toString();
    }

    static String row(String target, String measured, boolean met) {
        return "| " + target + " | " + measured + " | " + (met ? "yes" : "**no**") + " |\n";
    }

    static String loadavg() {
        try {
            String[] p = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return p[0] + " " + p[1] + " " + p[2];
        } catch (Exception e) {
            return "?";
        }
    }

    int brokerPort() throws Exception {
        Path ports = dataDir.resolve("kafka/ports.properties");
        var p = new java.util.Properties();
        try (var in = Files.newInputStream(ports)) {
            p.load(in);
        }
        return Integer.parseInt(p.getProperty("broker").trim());
    }

    void header(Instant started) throws Exception {
        String cpu = "?";
        for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (l.startsWith("model name")) {
                cpu = l.substring(l.indexOf(':') + 1).trim();
                break;
            }
        }
        String mem = "?";
        for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (l.startsWith("MemTotal")) {
                mem = (Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024) + " GiB";
            }
        }
        line("# Pura gateway benchmark" + (smoke ? " (smoke)" : "") + ", " + started.toString().substring(0, 19) + "Z\n");
        line("| | |\n|---|---|");
        line("| machine | " + Runtime.getRuntime().availableProcessors() + " CPUs (nproc), " + mem + ", " + cpu + " |");
        line("| kernel | " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " |");
        line("| JDK (gateway and load generator) | " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version") + " |");
        line("| gateway | commit " + System.getenv().getOrDefault("BENCH_COMMIT", "?") + ", JVM options `" + System.getenv().getOrDefault("BENCH_PURA_JAVA_OPTS", "?")
                + "`, embedded Kafka broker, ledger (Kafka Streams) running, production producer settings (acks=all, idempotent) |");
        line("| peer | " + System.getenv().getOrDefault("BENCH_PEER", "none") + " |");
        line("| upstream mock | Pura's simulator as its own process (`xyz.pura.simulator.Simulator`), 0 ms latency, 0 ms token delay; "
                + "a second one with 100 ms token delay for the held-open streams |");
        line("| load generator | this harness (JDK HttpClient, HTTP/1.1, open model, HdrHistogram), same host, loopback |");
        line("| load average at start (1/5/15 min) | " + loadavg() + " (other work on this machine, if any, shares its 2 CPUs) |");
        line("| command | `" + System.getenv().getOrDefault("BENCH_COMMAND", "bench/run.sh") + "` |");
        line("");
    }

    int finish(BillingWatch billing, Instant started) throws Exception {
        billing.close();
        line(String.format("Load average at the end: %s. Gateway peak RSS over the whole run (VmHWM): %s; run took %d s.\n", loadavg(), procField(puraPid, "VmHWM"),
                Duration.between(started, Instant.now()).toSeconds()));
        if (failures.isEmpty()) {
            line("Result: **no functional failure** (errors through Pura, billing, streams).");
        } else {
            line("Result: **FAILED**");
            failures.forEach(s -> line("- " + s));
        }
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.println("report: " + out);
        return failures.isEmpty() ? 0 : 1;
    }
}
