package xyz.pura.chain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import xyz.pura.events.ProviderId;

/**
 * Every configured provider's pool units and the pool's total, all read at one block.
 *
 * @param units units per provider (only the providers that have a member address)
 */
public record PoolSnapshot(long blockNumber, Map<ProviderId, Long> units, long totalUnits) {
    public PoolSnapshot {
        if (blockNumber < 0 || totalUnits < 0) {
            throw new IllegalArgumentException("block number and total units must be >= 0");
        }
        units = Collections.unmodifiableMap(units.isEmpty() ? new EnumMap<>(ProviderId.class) : new EnumMap<>(units));
        for (Map.Entry<ProviderId, Long> e : units.entrySet()) {
            if (e.getValue() < 0 || e.getValue() > totalUnits) {
                throw new IllegalArgumentException(e.getKey().wireName() + " has " + e.getValue()
                        + " units, outside 0.." + totalUnits + " (the pool's total)");
            }
        }
    }
}
