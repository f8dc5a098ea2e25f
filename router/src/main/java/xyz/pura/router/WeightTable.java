package xyz.pura.router;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReferenceArray;
import xyz.pura.events.ProviderId;

/**
 * The latest on-chain capacity weight (pool units) of each provider, fed from {@code pura.weights}.
 * The router uses them only to break ties between providers of equal quality, and only when every
 * candidate has a usable weight (see {@link PoolWeight#usableAt}); otherwise all count as equal.
 * Thread-safe: writers replace one immutable entry, readers never lock.
 */
public final class WeightTable {
    private final AtomicReferenceArray<PoolWeight> entries = new AtomicReferenceArray<>(ProviderId.values().length);

    public void update(ProviderId provider, long units, long totalUnits, Instant observedAt) {
        entries.set(provider.ordinal(), new PoolWeight(units, totalUnits, observedAt.toEpochMilli(), false));
    }

    /** Keeps the last value but marks it stale (e.g. the chain RPC fails): weights count as equal. */
    public void markStale(ProviderId provider) {
        PoolWeight w = entries.get(provider.ordinal());
        if (w != null) {
            entries.set(provider.ordinal(), new PoolWeight(w.units(), w.totalUnits(), w.observedAtMillis(), true));
        }
    }

    /** The provider's weight, or null when none was ever fed. */
    public PoolWeight get(ProviderId provider) {
        return entries.get(provider.ordinal());
    }
}
