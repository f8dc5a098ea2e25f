package xyz.pura.status;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import xyz.pura.events.ProviderId;
import xyz.pura.status.StatusReport.Bucket;
import xyz.pura.status.StatusReport.LatencyPoint;
import xyz.pura.status.internal.SlotRing;

/**
 * This instance's own view of each provider over the last 24 h, fed with every completed call: what
 * {@code pura.quality} does not hold (24 h, and a per-minute series of the last hour for sparklines).
 * Windows up to 1 h are counted in one-minute slots, longer ones (up to 24 h) in 15-minute slots; a
 * window holds the slots that start within it. Memory is bounded (156 slots per provider). Thread-safe.
 */
public final class DayWindow {
    /** The longest window answered. */
    public static final Duration DAY = Duration.ofHours(24);
    private static final Duration HOUR = Duration.ofHours(1);

    private final Clock clock;
    private final Map<ProviderId, SlotRing> minutes = new EnumMap<>(ProviderId.class);
    private final Map<ProviderId, SlotRing> quarters = new EnumMap<>(ProviderId.class);

    public DayWindow(Clock clock) {
        this.clock = clock;
        for (ProviderId id : ProviderId.values()) {
            minutes.put(id, new SlotRing(Duration.ofMinutes(1), 60));
            quarters.put(id, new SlotRing(Duration.ofMinutes(15), 96));
        }
    }

    /**
     * Counts one call to {@code provider}, now.
     *
     * @param ok false when the provider failed (a client cancelling is not the provider's failure)
     * @param latencyMs the call's latency
     */
    public void record(ProviderId provider, boolean ok, long latencyMs) {
        long now = clock.millis();
        minutes.get(provider).add(now, ok, latencyMs);
        quarters.get(provider).add(now, ok, latencyMs);
    }

    /** The provider's figures over the last {@code window} (at most 24 h). */
    public Bucket last(ProviderId provider, Duration window) {
        if (window.isNegative() || window.isZero() || window.compareTo(DAY) > 0) {
            throw new IllegalArgumentException("window must be within (0, 24 h]: " + window);
        }
        SlotRing ring = window.compareTo(HOUR) <= 0 ? minutes.get(provider) : quarters.get(provider);
        return ring.sum(clock.millis(), window);
    }

    /** Sixty points, one per minute, oldest first, ending with the current minute. */
    public List<LatencyPoint> lastHourByMinute(ProviderId provider) {
        return minutes.get(provider).series(clock.millis());
    }
}
