package xyz.pura.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closed-loop load with wrk (C, epoll): {@code wrk -t2 -c16 -d<N>s --latency -s <script>} POSTs the same body
 * and headers as the Java generator. The script's {@code done()} prints wrk's totals and latency percentiles as
 * one machine-readable line, which is what this class parses (wrk's own text is echoed to stdout as it is).
 */
final class Wrk {
    private Wrk() {
    }

    static final int THREADS = 2;
    static final int CONNECTIONS = 16;
    private static final String MARK = "BENCH-WRK";
    private static final Pattern FIELD = Pattern.compile("(\\w+)=([0-9.]+)");

    /**
     * One wrk run. wrk counts a response with a status above 399 as a "Non-2xx or 3xx" error; the gateway and the
     * mock send no 1xx/3xx, so every other completed response is a 2xx. Latencies in microseconds.
     */
    record Result(String label, double seconds, long requests, long non2xx, long connect, long read, long write,
                  long timeout, double meanUs, double stdevUs, double maxUs, double p50Us, double p75Us, double p90Us,
                  double p99Us, double p999Us) {
        long ok() {
            return requests - non2xx;
        }

        long socketErrors() {
            return connect + read + write + timeout;
        }

        long errors() {
            return non2xx + socketErrors();
        }

        double errorRate() {
            long all = requests + socketErrors();
            return all == 0 ? 1.0 : (double) errors() / all;
        }

        /** 2xx responses per second of the run. */
        double okRps() {
            return seconds == 0 ? 0 : ok() / seconds;
        }

        /** Sustained in the sense of the report: errors < 0.1 % and something was served. */
        boolean sustained() {
            return ok() > 0 && errorRate() < 0.001;
        }

        /**
         * Requests the gateway may have answered (and billed) that this run does not count as served: the ones in
         * flight on each connection when wrk stopped, and the ones whose connection failed or timed out.
         */
        long unaccounted() {
            return CONNECTIONS + socketErrors();
        }
    }

    /** wrk's path, handed over by run.sh (BENCH_WRK; empty when wrk is not installed). */
    static String binary() {
        String w = System.getenv("BENCH_WRK");
        return w == null || w.isBlank() || !Files.isExecutable(Path.of(w)) ? null : w;
    }

    static String lua(Map<String, String> headers, byte[] body) {
        StringBuilder s = new StringBuilder("wrk.method = \"POST\"\n");
        s.append("wrk.body = [==[").append(new String(body, StandardCharsets.UTF_8)).append("]==]\n");
        s.append("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
        headers.forEach((k, v) -> s.append("wrk.headers[\"").append(k).append("\"] = [==[").append(v).append("]==]\n"));
        s.append("""
                function done(summary, latency, requests)
                  local e = summary.errors
                  io.write(string.format("%s requests=%%.0f duration_us=%%.0f connect=%%.0f read=%%.0f write=%%.0f status=%%.0f timeout=%%.0f mean_us=%%.1f stdev_us=%%.1f max_us=%%.0f p50_us=%%.0f p75_us=%%.0f p90_us=%%.0f p99_us=%%.0f p999_us=%%.0f\\n",
                    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
                    latency.mean, latency.stdev, latency.max, latency:percentile(50), latency:percentile(75),
                    latency:percentile(90), latency:percentile(99), latency:percentile(99.9)))
                end
                """.formatted(MARK));
        return s.toString();
    }

    /** Runs wrk for {@code seconds} (whole seconds, at least 1) against {@code url}; throws when wrk printed no result. */
    static Result run(String wrk, String label, String url, Map<String, String> headers, byte[] body, double seconds,
                      Path dir) throws IOException, InterruptedException {
        return run(wrk, label, url, headers, body, seconds, dir, THREADS, CONNECTIONS);
    }

    /** The same with {@code threads} wrk threads and {@code connections} connections. */
    static Result run(String wrk, String label, String url, Map<String, String> headers, byte[] body, double seconds,
                      Path dir, int threads, int connections) throws IOException, InterruptedException {
        long s = Math.max(1, Math.round(seconds));
        Files.createDirectories(dir);
        Path script = Files.createTempFile(dir, "wrk-", ".lua");
        try {
            Files.writeString(script, lua(headers, body));
            Process p = new ProcessBuilder(wrk, "-t" + threads, "-c" + connections, "-d" + s + "s", "--timeout", "5s",
                    "--latency", "-s", script.toString(), url).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(s + 60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            System.out.print(out.lines().filter(l -> !l.startsWith(MARK)).map(l -> "  wrk| " + l + "\n")
                    .reduce("", String::concat));
            return parse(label, out);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    static Result parse(String label, String out) {
        String line = out.lines().filter(l -> l.startsWith(MARK)).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no result: " + out.strip()));
        Map<String, Double> v = new HashMap<>();
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
            v.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        for (String k : List.of("requests", "duration_us", "status", "p99_us")) {
            if (!v.containsKey(k)) {
                throw new IllegalStateException("wrk result without " + k + ": " + line);
            }
        }
        return new Result(label, v.get("duration_us") / 1e6, v.get("requests").longValue(), v.get("status").longValue(),
                v.getOrDefault("connect", 0.0).longValue(), v.getOrDefault("read", 0.0).longValue(),
                v.getOrDefault("write", 0.0).longValue(), v.getOrDefault("timeout", 0.0).longValue(),
                v.getOrDefault("mean_us", 0.0), v.getOrDefault("stdev_us", 0.0), v.getOrDefault("max_us", 0.0),
                v.getOrDefault("p50_us", 0.0), v.getOrDefault("p75_us", 0.0), v.getOrDefault("p90_us", 0.0),
                v.get("p99_us"), v.getOrDefault("p999_us", 0.0));
    }
}
