package xyz.pura.chain;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/** Runs a task now and then at a fixed delay on one daemon thread; a task failure never ends the schedule. */
final class Poller implements AutoCloseable {
    private final Runnable task;
    private final Duration interval;
    private final Logger log;
    private ScheduledExecutorService scheduler;

    Poller(Runnable task, Duration interval, Logger log) {
        this.task = task;
        this.interval = interval;
        this.log = log;
    }

    synchronized void start() {
        if (scheduler != null) {
            throw new IllegalStateException("already started");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("pura-chain-oracle").factory());
        scheduler.scheduleWithFixedDelay(this::runSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("Chain oracle poll failed unexpectedly; polling continues", e);
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Chain oracle poller did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
