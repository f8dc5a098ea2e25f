package xyz.pura.ingress.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bound on each blocking write of one response: a write that has not returned {@code timeout} after it began (the
 * client stopped reading, its TCP window is full) has {@code onExpiry} run, which closes the connection and so fails
 * the write with an IOException. One daemon thread checks the writes in progress every {@value #SWEEP_MILLIS} ms; a
 * write costs an add and a remove on a concurrent set, no scheduled task and no thread of its own.
 */
final class WriteDeadline {
    private static final Logger LOG = LoggerFactory.getLogger(WriteDeadline.class);
    static final long SWEEP_MILLIS = 100;
    private static final Set<WriteDeadline> WRITING = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("pura-write-deadlines").unstarted(r));

    static {
        SWEEPER.scheduleWithFixedDelay(WriteDeadline::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    private final Duration timeout;
    private final long timeoutNanos;
    private final Runnable onExpiry;
    private volatile long dueNanos;
    private volatile boolean expired;

    WriteDeadline(Duration timeout, Runnable onExpiry) {
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.onExpiry = onExpiry;
    }

    /** A write begins: it has {@code timeout} from now. */
    void begin() {
        dueNanos = System.nanoTime() + timeoutNanos;
        WRITING.add(this);
    }

    /** The write returned (or failed). */
    void end() {
        WRITING.remove(this);
    }

    Duration timeout() {
        return timeout;
    }

    /** Whether a write ran out of time (and the connection was closed for it). */
    boolean expired() {
        return expired;
    }

    private static void sweep() {
        long now = System.nanoTime();
        for (WriteDeadline w : WRITING) {
            if (now - w.dueNanos >= 0 && WRITING.remove(w)) {
                w.expired = true;
                try {
                    w.onExpiry.run();
                } catch (RuntimeException e) {
                    LOG.debug("closing a stalled connection failed: {}", e.toString());
                }
            }
        }
    }
}
