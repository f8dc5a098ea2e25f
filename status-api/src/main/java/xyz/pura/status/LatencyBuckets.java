package xyz.pura.status;

import java.util.Arrays;

/**
 * A log-linear latency histogram: every value below 16 ms has its own bucket; above, each power of two
 * is split in 16 equal buckets, so a bucket's lower bound is within 1/16 (6.25 %) of any value in it.
 * Values above {@link #MAX_MS} count in the last bucket. Percentiles are nearest-rank and report the lower
 * bound of the bucket holding that rank, as {@code pura.quality} does. Not thread-safe; {@link DayWindow}
 * guards its instances.
 */
public final class LatencyBuckets {
    private static final int SUB_BUCKETS = 16;
    private static final int SUB_BITS = 4;
    private static final int MAX_EXPONENT = 22;
    /** The largest latency told apart from larger ones (about 70 minutes). */
    public static final long MAX_MS = (1L << (MAX_EXPONENT + 1)) - 1;
    private static final int SIZE = SUB_BUCKETS + (MAX_EXPONENT - SUB_BITS + 1) * SUB_BUCKETS;

    private final long[] counts = new long[SIZE];
    private long total;

    /** Counts one latency; negative values count as 0. */
    public void record(long latencyMs) {
        counts[index(latencyMs)]++;
        total++;
    }

    /** Adds every count of {@code other} to this histogram. */
    public void addAll(LatencyBuckets other) {
        for (int i = 0; i < SIZE; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    /** Forgets every count. */
    public void clear() {
        Arrays.fill(counts, 0);
        total = 0;
    }

    /** How many latencies were counted. */
    public long count() {
        return total;
    }

    /**
     * The nearest-rank percentile, as the lower bound of its bucket; null when empty.
     *
     * @param percent 1 to 100
     */
    public Long percentile(int percent) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("percent must be within 1..100: " + percent);
        }
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, Math.ceilDiv(Math.multiplyExact(total, percent), 100L));
        long running = 0;
        for (int i = 0; i < SIZE; i++) {
            running += counts[i];
            if (running >= rank) {
                return lowerBound(i);
            }
        }
        throw new IllegalStateException("histogram holds fewer than " + total + " samples");
    }

    static int index(long valueMs) {
        long v = Math.min(Math.max(0, valueMs), MAX_MS);
        if (v < SUB_BUCKETS) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v); // >= SUB_BITS
        long mantissa = v >>> (exponent - SUB_BITS); // 16..31
        return SUB_BUCKETS + (exponent - SUB_BITS) * SUB_BUCKETS + (int) (mantissa - SUB_BUCKETS);
    }

    static long lowerBound(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int exponent = SUB_BITS + (index - SUB_BUCKETS) / SUB_BUCKETS;
        long mantissa = SUB_BUCKETS + (index - SUB_BUCKETS) % SUB_BUCKETS;
        return mantissa << (exponent - SUB_BITS);
    }
}
