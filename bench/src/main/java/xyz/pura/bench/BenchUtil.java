package xyz.pura.bench;

import java.util.List;

/** Small helpers the phases share: seconds to nanoseconds, a pause between phases, a result by its label. */
final class BenchUtil {
    private BenchUtil() {
    }

    static long sec(double s) {
        return (long) (s * 1e9);
    }

    static void pause(double s) throws InterruptedException {
        Thread.sleep((long) (s * 1000));
    }

    static Load.Result find(List<Load.Result> l, String label) {
        return l.stream().filter(r -> r.label.equals(label)).findFirst().orElse(null);
    }
}
