package xyz.pura.providers.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import okhttp3.ConnectionPool;
import okhttp3.internal.concurrent.TaskRunner;
import okhttp3.internal.connection.ConnectionListener;

/**
 * A connection pool whose idle-connection cleanup runs at most once per {@link #MAX_LAG_NANOS} instead of
 * once per request.
 *
 * <p>OkHttp reschedules its pool's cleanup task to "now" every time a connection goes idle, that is after
 * every upstream call, and wakes the task runner's coordinator thread to run it: a thread wake-up, a scan of
 * every pooled connection under each connection's monitor (contending with the request threads that scan the
 * same connections to acquire one) and a rescheduling, per request. Under load that was about 4 % of the
 * gateway's CPU on its own threads, plus lock contention in the request threads. This pool's task runner does
 * not wake its coordinator when a task is scheduled; the coordinator looks for due tasks when its wait ends,
 * and never waits longer than {@link #MAX_LAG_NANOS}. Idle connections are still evicted (past the idle limit
 * or the keep-alive), at most that much later.
 *
 * <p>This uses OkHttp's internal task API ({@code okhttp3.internal.concurrent}, public in the bytecode, pinned
 * with OkHttp's version in the parent pom); {@code IdlePoolCleanupTest} fails if its behaviour changes.
 */
public final class IdlePoolCleanup {
    /** The longest a due cleanup waits for the coordinator. */
    static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);

    private IdlePoolCleanup() {
    }

    /** A pool of at most {@code maxIdle} idle connections, each kept {@code keepAlive} at most. */
    public static ConnectionPool pool(int maxIdle, long keepAlive, TimeUnit unit) {
        return pool(maxIdle, keepAlive, unit, new LazyBackend());
    }

    static ConnectionPool pool(int maxIdle, long keepAlive, TimeUnit unit, LazyBackend backend) {
        TaskRunner runner = new TaskRunner(backend, Logger.getLogger(IdlePoolCleanup.class.getName()));
        return new ConnectionPool(maxIdle, keepAlive, unit, runner, ConnectionListener.Companion.getNONE());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(Throwable t) throws T {
        throw (T) t;
    }

    /**
     * OkHttp's real backend (a cached pool of daemon threads, {@code Object.wait} on the runner), except that
     * {@link #coordinatorNotify} does nothing and waits are capped.
     */
    static final class LazyBackend implements TaskRunner.Backend {
        private final ThreadPoolExecutor executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "pura-upstream-pool-cleanup");
                    t.setDaemon(true);
                    return t;
                });
        /** How many times the coordinator went to wait: one per look for due tasks. */
        final AtomicLong waits = new AtomicLong();

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void coordinatorNotify(TaskRunner taskRunner) {
            // not woken per scheduled task: the coordinator looks again within MAX_LAG_NANOS
        }

        @Override
        @SuppressWarnings("java:S2274") // one bounded wait; the runner loops and re-checks its queues itself
        public void coordinatorWait(TaskRunner taskRunner, long nanos) {
            waits.incrementAndGet();
            long wait = Math.min(nanos, MAX_LAG_NANOS);
            if (wait > 0) {
                try {
                    // called with the runner's monitor held, like OkHttp's own backend
                    taskRunner.wait(wait / 1_000_000L, (int) (wait % 1_000_000L));
                } catch (InterruptedException e) {
                    // OkHttp's backend lets it through (the Kotlin interface declares nothing) to the runner,
                    // which then cancels its tasks; swallowing it would make the runner wait again at once
                    throw IdlePoolCleanup.<RuntimeException>rethrow(e);
                }
            }
        }

        @Override
        public <T> BlockingQueue<T> decorate(BlockingQueue<T> queue) {
            return queue;
        }

        @Override
        public void execute(TaskRunner taskRunner, Runnable runnable) {
            executor.execute(runnable);
        }
    }
}
