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
 * @param endpoints per front door ({@link Endpoint#wireName()}, or {@link Endpoint#UNRECORDED} for debits booked
 *     before the field), sorted by endpoint; their costs and requests sum to the totals
 */
public record KeyReport(String keyId, Instant windowStart, Instant windowEnd, long totalSpendNanoUsd,
                        long requestCount, long averageCostNanoUsd, List<ModelUsage> models,
                        List<EndpointUsage> endpoints) {
    public KeyReport {
        models = List.copyOf(models);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    public KeyReport(String keyId, Instant windowStart, Instant windowEnd, long totalSpendNanoUsd,
                     long requestCount, long averageCostNanoUsd, List<ModelUsage> models) {
        this(keyId, windowStart, windowEnd, totalSpendNanoUsd, requestCount, averageCostNanoUsd, models, List.of());
    }

    /** One front door's part of a report. */
    public record EndpointUsage(String endpoint, long costNanoUsd, long requests) {
    }

    /**
     * One model's part of a report.
     *
     * @param tokens the answers' priced tokens by component (the provider's figures, or the estimate for the
     *     {@code estimatedRequests}); a timed-out attempt's input, billed in {@code costNanoUsd}, is not among them.
     *     Debits booked before components were recorded count no tokens.
     * @param estimatedRequests how many of {@code requests} were priced from the gateway's estimate
     */
    public record ModelUsage(String model, long costNanoUsd, long requests, Tokens tokens, long estimatedRequests) {
        public ModelUsage {
            tokens = tokens == null ? Tokens.NONE : tokens;
        }

        public ModelUsage(String model, long costNanoUsd, long requests) {
            this(model, costNanoUsd, requests, Tokens.NONE, 0);
        }
    }

    /**
     * Token totals by billed component ({@code input} all input, cache reads and writes included; {@code output} all
     * output, reasoning included).
     */
    public record Tokens(long input, long cacheRead, long cacheWrite5m, long cacheWrite1h, long output, long reasoning) {
        public static final Tokens NONE = new Tokens(0, 0, 0, 0, 0, 0);
    }

    /** Half-up integer division of a non-negative total by a count (0 for no count). */
    public static long average(long totalNanoUsd, long count) {
        if (count == 0) {
            return 0;
        }
        return Math.floorDiv(totalNanoUsd, count) + (2 * Math.floorMod(totalNanoUsd, count) >= count ? 1 : 0);
    }
}
