package xyz.pura.ledger.internal;

import java.util.Map;
import java.util.TreeMap;

/**
 * The calls of one provider in one short time bucket (5 s by default).
 *
 * @param latencies latency histogram: {@link LatencyHistogram} bucket index to count
 */
public record QualityBucket(long requests, long failures, long latencySumMs, long latencySamples,
                            TreeMap<Integer, Long> latencies) {

    public static QualityBucket empty() {
        return new QualityBucket(0, 0, 0, 0, new TreeMap<>());
    }

    public QualityBucket plus(QualityObservation o) {
        TreeMap<Integer, Long> h = new TreeMap<>(latencies);
        long sum = latencySumMs;
        long samples = latencySamples;
        if (o.latencyMs() != null) {
            h.merge(LatencyHistogram.index(o.latencyMs()), 1L, Long::sum);
            sum = Math.addExact(sum, Math.max(0, o.latencyMs()));
            samples++;
        }
        return new QualityBucket(requests + 1, failures + (o.failure() ? 1 : 0), sum, samples, h);
    }

    public QualityBucket plus(QualityBucket other) {
        TreeMap<Integer, Long> h = new TreeMap<>(latencies);
        for (Map.Entry<Integer, Long> e : other.latencies.entrySet()) {
            h.merge(e.getKey(), e.getValue(), Long::sum);
        }
        return new QualityBucket(requests + other.requests, failures + other.failures,
                Math.addExact(latencySumMs, other.latencySumMs), latencySamples + other.latencySamples, h);
    }
}
