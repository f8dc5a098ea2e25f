package xyz.pura.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Load generators. {@link #open} is an open-model, constant-rate generator that does not hide coordinated
 * omission: request i is due at {@code t0 + i / rate}; it is sent at that time (or at once when the
 * generator is late) whatever the previous requests are doing, and its latency is measured from the time
 * it was DUE, not from the time it was sent. Latencies are recorded in microseconds in HdrHistograms.
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

    /**
     * Open model: {@code rps} requests per second for {@code durationNanos}, each due at its slot; latency from
     * the due time. Requests beyond {@code maxOutstanding} in flight are counted as errors ("overload") and
     * not sent: the generator never waits for the server.
     */
    static Result open(String label, HttpClient client, Supplier<HttpRequest> request, double rps, long durationNanos,
                       int maxOutstanding, boolean stream) {
        Result r = new Result(label, rps, durationNanos);
        long period = (long) (1e9 / rps);
        long n = durationNanos / period;
        AtomicLong outstanding = new AtomicLong();
        AtomicLong open = new AtomicLong();
        CompletableFuture<?>[] all = new CompletableFuture<?>[(int) n];
        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        long windowEnd = t0 + durationNanos;
        AtomicLong okInWindow = new AtomicLong();
        long maxLag = 0;
        for (int i = 0; i < n; i++) {
            long due = t0 + i * period;
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            maxLag = Math.max(maxLag, now - due);
            r.sent.incrementAndGet();
            if (outstanding.get() >= maxOutstanding) {
                r.error("overload(not sent)");
                all[i] = CompletableFuture.completedFuture(null);
                continue;
            }
            outstanding.incrementAndGet();
            CompletableFuture<?> f;
            if (stream) {
                StreamWatch w = new StreamWatch(due, r, open);
                f = client.sendAsync(request.get(), HttpResponse.BodyHandlers.fromSubscriber(w, s -> s))
                        .thenCompose(resp -> w.done.thenApply(x -> resp))
                        .whenComplete((resp, err) -> {
                            outstanding.decrementAndGet();
                            long end = System.nanoTime();
                            if (err != null) {
                                r.error(kind(err));
                            } else if (resp.statusCode() != 200) {
                                r.error("http " + resp.statusCode());
                            } else if (!w.sawDone()) {
                                r.incompleteStreams.incrementAndGet();
                                r.error("stream without [DONE]");
                            } else {
                                recordOk(r, due, end, windowEnd, okInWindow);
                            }
                        });
            } else {
                f = client.sendAsync(request.get(), HttpResponse.BodyHandlers.discarding())
                        .whenComplete((resp, err) -> {
                            outstanding.decrementAndGet();
                            long end = System.nanoTime();
                            if (err != null) {
                                r.error(kind(err));
                            } else if (resp.statusCode() != 200) {
                                r.error("http " + resp.statusCode());
                            } else {
                                recordOk(r, due, end, windowEnd, okInWindow);
                            }
                        });
            }
            all[i] = f;
        }
        r.maxSendLagNanos = maxLag;
        try {
            CompletableFuture.allOf(all).handle((x, e) -> null).get(150, TimeUnit.SECONDS);
        } catch (Exception e) {
            r.error("drain timeout");
        }
        r.wallNanos = System.nanoTime() - t0;
        r.okInWindow = okInWindow.get();
        return r;
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

    /** Reads an SSE body as it arrives: time to first byte (from the due time), gaps between reads, [DONE]. */
    static final class StreamWatch implements Flow.Subscriber<List<ByteBuffer>> {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final long due;
        private final Result r;
        private final AtomicLong open;
        private long last;
        private final StringBuilder tail = new StringBuilder();
        private boolean first = true;

        StreamWatch(long due, Result r, AtomicLong open) {
            this.due = due;
            this.r = r;
            this.open = open;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            long now = System.nanoTime();
            int bytes = 0;
            for (ByteBuffer b : items) {
                bytes += b.remaining();
                byte[] a = new byte[b.remaining()];
                b.get(a);
                tail.append(new String(a, StandardCharsets.UTF_8));
            }
            if (tail.length() > 64) {
                tail.delete(0, tail.length() - 64);
            }
            if (bytes == 0) {
                return;
            }
            if (first) {
                first = false;
                r.ttfb.recordValue(Math.min(MAX_TRACKABLE_US, (now - due) / 1000));
                long o = open.incrementAndGet();
                r.peakOpen.accumulateAndGet(o, Math::max);
            } else {
                r.gaps.recordValue(Math.min(MAX_TRACKABLE_US, (now - last) / 1000));
            }
            last = now;
        }

        boolean sawDone() {
            return tail.indexOf("[DONE]") >= 0;
        }

        @Override
        public void onError(Throwable t) {
            if (!first) {
                open.decrementAndGet();
            }
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            if (!first) {
                open.decrementAndGet();
            }
            done.complete(null);
        }
    }
}
