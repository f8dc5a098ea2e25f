package xyz.pura.status;

import java.time.Duration;
import java.util.Objects;

/**
 * Every threshold of the status rules, in one place.
 *
 * @param degradedBelowSuccessRate a provider is degraded below this success rate over 5 m ...
 * @param minRequestsForRate ... when it had at least this many requests in those 5 m
 * @param maxProducerBacklog the gateway is degraded at or above this many events waiting in the producer
 * @param maxConsumerLag the gateway is degraded above this ledger consumer lag (records)
 * @param chainStaleAfter the chain weights are stale without a successful read for this long
 * @param qualityStaleAfter a {@code pura.quality} score older than this is ignored (local figures are used)
 */
public record StatusThresholds(double degradedBelowSuccessRate, long minRequestsForRate, long maxProducerBacklog,
                               long maxConsumerLag, Duration chainStaleAfter, Duration qualityStaleAfter) {

    public StatusThresholds {
        if (degradedBelowSuccessRate < 0 || degradedBelowSuccessRate > 1) {
            throw new IllegalArgumentException("degradedBelowSuccessRate must be within 0..1");
        }
        if (minRequestsForRate < 1 || maxProducerBacklog < 1 || maxConsumerLag < 0) {
            throw new IllegalArgumentException("request, backlog and lag thresholds must be positive");
        }
        Objects.requireNonNull(chainStaleAfter, "chainStaleAfter");
        Objects.requireNonNull(qualityStaleAfter, "qualityStaleAfter");
    }

    /** 90 % over 5 m with at least 5 requests, backlog 1,000, lag 10,000, chain 15 min, quality 2 min. */
    public static StatusThresholds defaults() {
        return new StatusThresholds(0.9, 5, 1_000, 10_000, Duration.ofMinutes(15), Duration.ofMinutes(2));
    }
}
