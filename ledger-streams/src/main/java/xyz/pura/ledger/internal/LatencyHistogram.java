package xyz.pura.ledger.internal;

import java.util.Map;

/**
 * Log-linear latency buckets: every value below 128 ms has its own bucket; above, each power of two is
 * split in 64 equal buckets, so a bucket's lower bound is within 1/64 (~1.6 %) of any value in it.
 * Percentiles report the lower bound of the bucket holding the nearest-rank value.
 */
public final class LatencyHistogram {
    private static final int LINEAR = 128;
    private static final int SUB_BUCKETS = 64;

    private LatencyHistogram() {
    }

    public static int index(long valueMs) {
        long v = Math.max(0, valueMs);
        if (v < LINEAR) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v); // >= 7
        int shift = exponent - 6;
        long mantissa = v >>> shift; // 64..127
        return LINEAR + (exponent - 7) * SUB_BUCKETS + (int) (mantissa - SUB_BUCKETS);
    }

    public static long lowerBound(int index) {
        if (index < LINEAR) {
            return index;
        }
        int exponent = 7 + (index - LINEAR) / SUB_BUCKETS;
        long mantissa = SUB_BUCKETS + (index - LINEAR) % SUB_BUCKETS;
        return mantissa << (exponent - 6);
    }

    /**
     * The nearest-rank percentile: the smallest bucket at which the running count reaches
     * {@code ceil(percent * n / 100)}.
     *
     * @param counts bucket index to count, iterated in ascending index order
     */
    public static Long percentile(Map<Integer, Long> counts, long n, int percent) {
        if (n <= 0) {
            return null;
        }
        long rank = Math.max(1, Math.ceilDiv(Math.multiplyExact(n, percent), 100L));
        long running = 0;
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            running += e.getValue();
            if (running >= rank) {
                return lowerBound(e.getKey());
            }
        }
        throw new IllegalStateException("histogram holds fewer than " + n + " samples");
    }
}
