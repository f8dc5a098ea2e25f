package xyz.pura.providers.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * Bounds the silence of an upstream stream (from the call's start to its first bytes, and between any two
 * reads) without a timeout on every socket read.
 *
 * <p>A socket read timeout makes every read of a virtual thread a timed park: the JDK schedules a wake-up on
 * its delay scheduler and cancels it when the bytes come, once per chunk. With 1,000 streams open that was
 * about 7 % of the gateway's CPU (the delay scheduler's thread alone 5 %). Here a read only records the time;
 * one shared timer looks at a stream when its limit would expire counted from its last read, and cancels the
 * call if nothing came since: about one timer task per stream and limit, instead of one per chunk.
 */
public final class SilenceWatchdog {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private SilenceWatchdog() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "pura-upstream-silence");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /** Starts watching {@code call}, which is cancelled once nothing has arrived for {@code limit}. */
    public static Guard watch(Call call, Duration limit) {
        Guard guard = new Guard(call, limit.toNanos());
        guard.schedule(guard.limitNanos);
        return guard;
    }

    /** One watched call; {@link #close()} it when the call is over. */
    public static final class Guard implements AutoCloseable {
        private final Call call;
        private final long limitNanos;
        private volatile long lastNanos = System.nanoTime();
        private volatile boolean fired;
        private ScheduledFuture<?> check; // guarded by this
        private boolean closed; // guarded by this

        private Guard(Call call, long limitNanos) {
            this.call = call;
            this.limitNanos = limitNanos;
        }

        /** The response body, recording the time of every read that brought bytes. */
        public BufferedSource watch(BufferedSource body) {
            return Okio.buffer(new ForwardingSource(body) {
                @Override
                public long read(Buffer sink, long byteCount) throws IOException {
                    long n = super.read(sink, byteCount);
                    lastNanos = System.nanoTime();
                    return n;
                }
            });
        }

        /** The watched call's I/O failure as an upstream failure: a timeout if the call was cancelled for its silence. */
        public xyz.pura.providers.UpstreamException failure(String provider, IOException e) {
            return HttpFailures.fromIo(provider, e, fired);
        }

        private synchronized void schedule(long delayNanos) {
            if (!closed) {
                check = TIMER.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
            }
        }

        private void check() {
            long silent = System.nanoTime() - lastNanos;
            if (silent >= limitNanos) {
                fired = true;
                call.cancel();
            } else {
                schedule(limitNanos - silent);
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (check != null) {
                check.cancel(false);
            }
        }
    }
}
