package xyz.pura.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What a load phase measured ({@link Result}), and the closed-loop generator on the JDK client that the warm-up
 * uses when wrk is missing. The open-model generator is {@link NioLoad}. Latencies are recorded in microseconds
 * in HdrHistograms.
 */
final class Load {
    private Load() {
    }

    static final long MAX_TRACKABLE_US = TimeUnit.SECONDS.toMicros(120);

    /** What one phase measured. Latencies in microseconds. */
    static final class Result {
        final String label;
        final double targetRps;
        final long durationNanos;
        final Histogram latency = new ConcurrentHistogram(MAX_TRACKABLE_US, 3);
        final Histogram ttfb = new ConcurrentHistogram(MAX_TRACKABLE_US, 3);
        final Histogram gaps = new ConcurrentHistogram(MAX_TRACKABLE_US, 3);
        final AtomicLong sent = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
        final AtomicLong incompleteStreams = new AtomicLong();
        final AtomicLong peakOpen = new AtomicLong();
        volatile long maxSendLagNanos;
        volatile long wallNanos;
        volatile long okInWindow;

        Result(String label, double targetRps, long durationNanos) {
            this.label = label;
            this.targetRps = targetRps;
            this.durationNanos = durationNanos;
        }

        void error(String kind) {
            errors.incrementAndGet();
            errorKinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }

        long total() {
            return ok.get() + errors.get();
        }

        double errorRate() {
            long t = total();
            return t == 0 ? 1.0 : (double) errors.get() / t;
        }

        /** Completed requests per second over the measured wall time (from the first due time to the last completion). */
        double achievedRps() {
            return wallNanos == 0 ? 0 : ok.get() * 1e9 / wallNanos;
        }

        double okRpsInWindow() {
            return okInWindow * 1e9 / durationNanos;
        }

        double ms(Histogram h, double pct) {
            return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(pct) / 1000.0;
        }

        String errorSummary() {
            if (errorKinds.isEmpty()) {
                return "-";
            }
            Map<String, Long> m = new TreeMap<>();
            errorKinds.forEach((k, v) -> m.put(k, v.get()));
            return m.toString();
        }
    }

    private static String kind(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && (c instanceof java.util.concurrent.CompletionException || c instanceof java.util.concurrent.ExecutionException)) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 60 ? m.substring(0, 60) : m));
    }

    /** A 200 answer (a whole stream, for streams): its latency from the due time, and whether it ended inside the window. */
    static void recordOk(Result r, long due, long end, long windowEnd, AtomicLong okInWindow) {
        r.ok.incrementAndGet();
        r.latency.recordValue(Math.min(MAX_TRACKABLE_US, (end - due) / 1000));
        if (end <= windowEnd) {
            okInWindow.incrementAndGet();
        }
    }

    /** Closed model: {@code connections} callers, each sending the next request when the previous answered. */
    static Result closed(String label, HttpClient client, Supplier<HttpRequest> request, int connections, long durationNanos) {
        Result r = new Result(label, 0, durationNanos);
        long t0 = System.nanoTime();
        long end = t0 + durationNanos;
        Thread[] threads = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            threads[c] = Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    long s = System.nanoTime();
                    r.sent.incrementAndGet();
                    try {
                        HttpResponse<Void> resp = client.send(request.get(), HttpResponse.BodyHandlers.discarding());
                        if (resp.statusCode() == 200) {
                            r.ok.incrementAndGet();
                            r.latency.recordValue(Math.min(MAX_TRACKABLE_US, (System.nanoTime() - s) / 1000));
                        } else {
                            r.error("http " + resp.statusCode());
                        }
                    } catch (Exception e) {
                        r.error(kind(e));
                    }
                }
            });
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        r.wallNanos = System.nanoTime() - t0;
        r.okInWindow = r.ok.get();
        return r;
    }
}
