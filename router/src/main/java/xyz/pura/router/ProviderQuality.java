package xyz.pura.router;

/**
 * A provider's recent quality, as {@code pura.quality} reports it (1 h window).
 *
 * <p>{@code score = 0.6 x successRate + 0.4 x latencyScore}, where
 * {@code latencyScore = 1 - min(p95, ceiling) / ceiling} (the average stands in when p95 is unknown,
 * i.e. 0), so 0 ms scores 1, half the ceiling 0.5 and the ceiling or more 0.
 *
 * @param measured false for the neutral stand-in of a provider without measurements
 * @param observedAtMillis when the window was computed (epoch millis; 0 when unmeasured)
 */
public record ProviderQuality(double successRate, double avgLatencyMs, double p95LatencyMs, double score,
                              boolean measured, long observedAtMillis) {

    /** Measured quality, scored with the given latency ceiling. */
    public static ProviderQuality of(double successRate, double avgLatencyMs, double p95LatencyMs,
                                     double latencyCeilingMs, long observedAtMillis) {
        if (!(successRate >= 0 && successRate <= 1) || !(avgLatencyMs >= 0) || !(p95LatencyMs >= 0)) {
            throw new IllegalArgumentException("success rate must be in [0, 1] and latencies >= 0");
        }
        return new ProviderQuality(successRate, avgLatencyMs, p95LatencyMs,
                score(successRate, avgLatencyMs, p95LatencyMs, latencyCeilingMs), true, observedAtMillis);
    }

    /** The stand-in for a provider that has no measurements yet. */
    public static ProviderQuality neutral(double score) {
        return new ProviderQuality(1.0, 0, 0, score, false, 0);
    }

    /** 0.6 x success + 0.4 x latency score. */
    public static double score(double successRate, double avgLatencyMs, double p95LatencyMs, double latencyCeilingMs) {
        double latency = p95LatencyMs > 0 ? p95LatencyMs : avgLatencyMs;
        double latencyScore = 1.0 - Math.min(latency, latencyCeilingMs) / latencyCeilingMs;
        return 0.6 * successRate + 0.4 * latencyScore;
    }
}
