package xyz.pura.ledger.internal;

/**
 * One task's calls of one provider in one quality bucket since its last flush: what goes through the
 * repartition topic to the provider's task, which adds it to the bucket.
 *
 * @param bucketStartMs the bucket's start (event time, a multiple of the bucket length)
 */
public record QualityPartial(long bucketStartMs, QualityBucket bucket) {
}
