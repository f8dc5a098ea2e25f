package xyz.pura.events;

import java.time.Instant;

/**
 * A provider's recent health on compacted {@code pura.quality} (keyed by provider wire name), over the
 * last minute, five minutes and hour before {@code windowEnd}. Every completion and every failed
 * failover attempt counts as a request; a failure is an upstream error (a client cancelling is not the
 * provider's failure). Latencies are those of attempts that the client did not cancel.
 *
 * @param eventId {@code quality:<provider>:<windowEnd epoch millis>}
 */
public record QualityScore(int schemaVersion, String eventId, Instant occurredAt, String provider,
                           Window window1m, Window window5m, Window window1h) implements PuraEvent {
    public static final int SCHEMA_VERSION = 1;

    /**
     * One window, {@code (windowEnd - seconds, windowEnd]} at the granularity of the ledger's quality
     * buckets (5 s by default).
     *
     * @param successRate {@code (requests - failures) / requests}, a ratio (not money); null with no requests
     * @param avgLatencyMs integer mean latency, rounded half up; null with no samples
     * @param p95LatencyMs the 95th percentile latency (nearest rank), to within 1/64 (~1.6 %) relative; null
     *     with no samples
     */
    public record Window(long seconds, long requests, long failures, Double successRate,
                         Long avgLatencyMs, Long p95LatencyMs, Instant windowEnd) {
    }
}
