package xyz.pura.events;

import java.time.Instant;
import java.util.List;

/**
 * A read model (not an event): a key's spend over the 24 hours {@code (windowStart, windowEnd]}, from the ledger's own debits, priced
 * as the gateway priced them. Amounts are nano-USD; format them with {@code Usd.ofNanos(n)}.
 *
 * @param averageCostNanoUsd {@code totalSpend / requestCount} rounded half up to the nano-dollar; 0 with
 *     no requests
 * @param models per model, sorted by model name
 */
public record KeyReport(String keyId, Instant windowStart, Instant windowEnd, long totalSpendNanoUsd,
                        long requestCount, long averageCostNanoUsd, List<ModelUsage> models) {
    public KeyReport {
        models = List.copyOf(models);
    }

    /** One model's part of a report. */
    public record ModelUsage(String model, long costNanoUsd, long requests) {
    }

    /** Half-up integer division of a non-negative total by a count (0 for no count). */
    public static long average(long totalNanoUsd, long count) {
        if (count == 0) {
            return 0;
        }
        return Math.floorDiv(totalNanoUsd, count) + (2 * Math.floorMod(totalNanoUsd, count) >= count ? 1 : 0);
    }
}
