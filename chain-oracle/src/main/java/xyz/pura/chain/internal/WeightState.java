package xyz.pura.chain.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import xyz.pura.chain.PoolSnapshot;
import xyz.pura.events.ProviderId;
import xyz.pura.events.WeightUpdated;

/**
 * What the oracle has published per provider, and what to publish next: a fresh value only when the
 * provider's units or total (or its stale flag) differ from the last published one, and only at a block
 * above the last published one (so an event id never names two contents: a same-height reorg or a
 * recovery at the stale block waits for the next block); a stale mark only once. Not thread-safe: the
 * oracle calls it under its own lock.
 */
public final class WeightState {
    private final Map<ProviderId, WeightUpdated> published = new EnumMap<>(ProviderId.class);

    /** The fresh updates a snapshot brings: providers whose units, total or stale flag changed. */
    public List<WeightUpdated> changes(PoolSnapshot snapshot, long chainId, String pool, Instant now) {
        List<WeightUpdated> out = new ArrayList<>();
        snapshot.units().forEach((provider, units) -> {
            WeightUpdated last = published.get(provider);
            boolean changed = last == null || last.stale() || last.units() != units
                    || last.totalUnits() != snapshot.totalUnits();
            // one event id, one content: a change seen at a block already published waits for the next block
            if (changed && (last == null || snapshot.blockNumber() > last.blockNumber())) {
                out.add(WeightUpdated.fresh(provider, units, snapshot.totalUnits(), snapshot.blockNumber(), chainId,
                        pool, now, now));
            }
        });
        return out;
    }

    /** The stale marks to publish: each published value that is not marked stale yet. */
    public List<WeightUpdated> staleMarks(Instant now) {
        List<WeightUpdated> out = new ArrayList<>();
        for (WeightUpdated w : published.values()) {
            if (!w.stale()) {
                out.add(w.asStale(now));
            }
        }
        return out;
    }

    /** Records a successful publication. */
    public void published(WeightUpdated update) {
        update.providerId().ifPresent(p -> published.put(p, update));
    }

    /** A copy of the last published value per provider. */
    public Map<ProviderId, WeightUpdated> snapshot() {
        return java.util.Collections.unmodifiableMap(new EnumMap<>(published));
    }
}
