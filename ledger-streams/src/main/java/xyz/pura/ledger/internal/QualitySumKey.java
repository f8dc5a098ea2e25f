package xyz.pura.ledger.internal;

/**
 * The key of a task's pending quality sum ({@link QualityPreAggregator}): one provider in one bucket.
 *
 * @param provider the provider's id, which becomes the repartition key
 * @param bucketStartMs the bucket's start (event time, a multiple of the bucket length)
 */
public record QualitySumKey(String provider, long bucketStartMs) {
}
