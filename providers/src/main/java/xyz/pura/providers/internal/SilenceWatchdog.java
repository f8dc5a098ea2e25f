package xyz.pura.providers.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * Bounds how long an upstream call may go without news: a non-streamed call from its start to the end of its
 * answer, a stream from its start to its first bytes and then between any two reads. No timer per call or per
 * read: a call registers a guard, a read only records its time, and one thread looks at every guard each
 * {@value #TICK_MILLIS} ms and cancels the calls whose limit has passed (so a limit is enforced at most that late).
 *
 * <p>What this replaces cost a thread wake-up per request. A socket read timeout makes every read of a virtual
 * thread a timed park on the JDK's delay scheduler (about 7 % of the gateway's CPU with 1,000 streams open);
 * OkHttp's call timeout enters each call in Okio's watchdog queue and signals its thread whenever the queue was
 * empty, which at moderate rates is nearly every call; a scheduled task per stream signals its executor likewise.
 */
public final class SilenceWatchdog {
    /** How often the watched calls are looked at. */
    static final long TICK_MILLIS = 50;
    private static final Set<Guard> WATCHED = ConcurrentHashMap.newKeySet();

    static {
        Thread.ofPlatform().daemon().name("pura-upstream-silence").start(SilenceWatchdog::tick);
    }

    private SilenceWatchdog() {
    }

    private static void tick() {
        while (true) {
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Guard guard : WATCHED) {
                guard.check(now);
            }
        }
    }

    /** Starts watching {@code call}, which is cancelled once nothing has arrived for {@code limit}. */
    public static Guard watch(Call call, Duration limit) {
        Guard guard = new Guard(call, limit.toNanos());
        WATCHED.add(guard);
        return guard;
    }

    /** Calls being watched now (for tests). */
    static int watched() {
        return WATCHED.size();
    }

    /** One watched call; {@link #close()} it when the call is over. */
    public static final class Guard implements AutoCloseable {
        private final Call call;
        private final long limitNanos;
        private volatile long lastNanos = System.nanoTime();
        private volatile boolean fired;

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

        private void check(long now) {
            if (now - lastNanos >= limitNanos) {
                fired = true;
                WATCHED.remove(this);
                call.cancel();
            }
        }

        @Override
        public void close() {
            WATCHED.remove(this);
        }
    }
}
