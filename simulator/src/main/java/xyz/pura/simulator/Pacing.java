package xyz.pura.simulator;

import java.time.Duration;

/** Waits that simulate a model's speed. Runs on virtual threads, so a wait costs no platform thread. */
final class Pacing {
    private Pacing() {
    }

    static void pause(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
