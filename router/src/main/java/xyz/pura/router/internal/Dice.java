package xyz.pura.router.internal;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The router's randomness. Unseeded: {@link ThreadLocalRandom} (no contention, no allocation, fine on
 * virtual threads). Seeded: one {@link SplittableRandom} per thread, split from the seed in the order
 * threads first ask, so a single-threaded test replays exactly.
 */
public final class Dice {
    private final ThreadLocal<SplittableRandom> seeded;

    public Dice(Long seed) {
        if (seed == null) {
            this.seeded = null;
        } else {
            SplittableRandom root = new SplittableRandom(seed);
            this.seeded = ThreadLocal.withInitial(() -> {
                synchronized (root) {
                    return root.split();
                }
            });
        }
    }

    /** Uniform in [0, 1). */
    public double next() {
        return seeded == null ? ThreadLocalRandom.current().nextDouble() : seeded.get().nextDouble();
    }
}
