package xyz.pura.router;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReferenceArray;
import xyz.pura.events.ProviderId;

/**
 * The latest quality of each provider, fed from {@code pura.quality} by whoever consumes it (the
 * ingress). Thread-safe: writers replace one immutable entry, readers never lock.
 */
public final class QualityTable {
    private final AtomicReferenceArray<ProviderQuality> entries = new AtomicReferenceArray<>(ProviderId.values().length);
    private final ProviderQuality neutral;
    private final double latencyCeilingMs;

    public QualityTable() {
        this(RouterConfig.defaults());
    }

    public QualityTable(RouterConfig config) {
        this.neutral = ProviderQuality.neutral(config.neutralQuality());
        this.latencyCeilingMs = config.latencyCeilingMs();
    }

    /** Records a provider's 1 h success rate (0..1) and latencies; the score is computed here. */
    public void update(ProviderId provider, double successRate, double avgLatencyMs, double p95LatencyMs, Instant observedAt) {
        entries.set(provider.ordinal(), ProviderQuality.of(successRate, avgLatencyMs, p95LatencyMs, latencyCeilingMs,
                observedAt.toEpochMilli()));
    }

    /** Forgets a provider's measurements: it scores neutral again. */
    public void clear(ProviderId provider) {
        entries.set(provider.ordinal(), null);
    }

    /** The provider's quality, or the neutral stand-in when it has none; never null. */
    public ProviderQuality get(ProviderId provider) {
        ProviderQuality q = entries.get(provider.ordinal());
        return q == null ? neutral : q;
    }
}
