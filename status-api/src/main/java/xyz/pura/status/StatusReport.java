package xyz.pura.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /api/status} answers; {@link StatusService} computes it.
 *
 * @param status operational | degraded | outage
 * @param reasons why the status is not operational, one short sentence each (empty when operational)
 */
public record StatusReport(String status, Instant checkedAt, List<String> reasons,
                           List<ProviderStatus> providers, Gateway gateway) {

    /**
     * One provider.
     *
     * @param name the wire name ({@code groq})
     * @param available configured and its circuit lets calls through
     * @param circuit closed | open | half_open
     * @param status active | idle | degraded | unconfigured
     * @param reason why it is degraded; null otherwise
     * @param latencyLastHour one point per minute, oldest first, the current minute last (60 points)
     */
    public record ProviderStatus(String name, boolean configured, boolean available, CircuitState circuit,
                                 String status, String reason, Windows windows,
                                 List<LatencyPoint> latencyLastHour) {
    }

    /**
     * A provider's figures over four windows.
     *
     * @param source where 1 m / 5 m / 1 h come from: {@code pura.quality} when its latest score is fresh,
     *     else {@code local} (this instance's own observations); 24 h is always local
     */
    public record Windows(String source,
                          @JsonProperty("1m") Bucket m1, @JsonProperty("5m") Bucket m5,
                          @JsonProperty("1h") Bucket h1, @JsonProperty("24h") Bucket h24) {
    }

    /**
     * One window's figures.
     *
     * @param successRate {@code (requests - failures) / requests}, a ratio; null without requests
     * @param avgLatencyMs null without samples
     * @param p95LatencyMs nearest rank, to within ~6 % (local) or ~1.6 % (pura.quality); null without samples
     */
    public record Bucket(long seconds, long requests, long failures, Double successRate,
                         Long avgLatencyMs, Long p95LatencyMs) {
        /** A window without requests. */
        public static Bucket empty(long seconds) {
            return new Bucket(seconds, 0, 0, null, null, null);
        }
    }

    /**
     * One minute of a provider's traffic (for sparklines).
     *
     * @param minute the minute's start
     */
    public record LatencyPoint(Instant minute, long requests, long failures, Long avgLatencyMs,
                               Long p95LatencyMs) {
    }

    /**
     * The gateway's own health.
     *
     * @param healthy every component below is fine (what {@code operational} needs besides providers)
     * @param streamsState the ledger's Kafka Streams state ({@code RUNNING}, ...); null where this process
     *     does not run it (then not judged)
     * @param consumerLag the ledger's consumer lag in records; null when unknown (then not judged)
     */
    public record Gateway(boolean healthy, boolean kafkaReachable, long producerBacklog, String streamsState,
                          Long consumerLag, boolean tablesLoaded, Chain chain) {
    }

    /**
     * The chain oracle's freshness.
     *
     * @param lastBlock the block of the last weight update read; null before the first
     * @param stale configured and no successful read within the threshold
     * @param lastSuccessAt null before the first successful read
     */
    public record Chain(boolean configured, Long lastBlock, boolean stale, Instant lastSuccessAt) {
    }
}
