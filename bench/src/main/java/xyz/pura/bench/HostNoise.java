package xyz.pura.bench;

import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * How late this machine runs a thread that asked to run, measured with nothing else to do: the floor under
 * every latency figure of the report. Two probes on one thread of the harness, before any load:
 * <ul>
 *   <li>wake-ups: park for {@value #PARK_US} µs, many times; how much later than asked the thread runs again
 *   (a request through the gateway crosses threads several times, and each crossing is such a wake-up);</li>
 *   <li>preemptions: spin reading the clock; every gap longer than {@value #GAP_US} µs is time the CPU was
 *   taken away (by the hypervisor or another process) from a thread that never yielded it.</li>
 * </ul>
 *
 * @param wakeLateUs how late each wake-up came, in µs
 * @param gapsUs the gaps longer than {@value #GAP_US} µs while spinning, in µs
 * @param spinNanos how long the spin probe ran
 */
record HostNoise(Histogram wakeLateUs, Histogram gapsUs, long spinNanos) {
    static final long PARK_US = 500;
    static final long GAP_US = 50;

    /** Runs both probes: {@code wakeUps} parks, then {@code spinNanos} of spinning. */
    static HostNoise measure(int wakeUps, long spinNanos) {
        Histogram late = new Histogram(Load.MAX_TRACKABLE_US, 3);
        for (int i = 0; i < wakeUps; i++) {
            long t0 = System.nanoTime();
            LockSupport.parkNanos(PARK_US * 1000);
            late.recordValue(Math.max(0, (System.nanoTime() - t0) / 1000 - PARK_US));
        }
        Histogram gaps = new Histogram(Load.MAX_TRACKABLE_US, 3);
        long start = System.nanoTime();
        long last = start;
        while (last - start < spinNanos) {
            long now = System.nanoTime();
            if (now - last > GAP_US * 1000) {
                gaps.recordValue((now - last) / 1000);
            }
            last = now;
        }
        return new HostNoise(late, gaps, last - start);
    }

    /** The share of the spin probe's time that the thread did not run, in per cent. */
    double lostPercent() {
        double lostUs = 0;
        for (var v : gapsUs.recordedValues()) {
            lostUs += v.getValueIteratedTo() * (double) v.getCountAtValueIteratedTo();
        }
        return spinNanos == 0 ? 0 : 100 * lostUs * 1000 / spinNanos;
    }

    /** One Markdown paragraph for the report. */
    String describe() {
        double seconds = spinNanos / 1e9;
        return String.format("Host scheduling noise, measured before any load (`HostNoise`): a thread parked for %d µs "
                        + "ran again late by p50 %d µs, p90 %d µs, p99 %d µs, p99.9 %d µs, max %d µs (%d wake-ups); a thread "
                        + "spinning for %.1f s lost the CPU %d times for more than %d µs (%.1f per second, longest %d µs, "
                        + "%.2f %% of the time). Every request through the gateway crosses threads several times, "
                        + "and each crossing is such a wake-up: figures below these are not measurable on this host.",
                PARK_US, wakeLateUs.getValueAtPercentile(50), wakeLateUs.getValueAtPercentile(90),
                wakeLateUs.getValueAtPercentile(99), wakeLateUs.getValueAtPercentile(99.9), wakeLateUs.getMaxValue(),
                wakeLateUs.getTotalCount(), seconds, gapsUs.getTotalCount(), GAP_US,
                seconds == 0 ? 0 : gapsUs.getTotalCount() / seconds, gapsUs.getMaxValue(), lostPercent());
    }
}
