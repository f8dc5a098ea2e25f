package xyz.pura.chain;

import java.util.Locale;

/** The two pool contracts the oracle can read ({@code PURA_CHAIN_POOL_KIND}). */
public enum PoolKind {
    /** A Superfluid GDA pool: {@code getUnits(address)} and {@code getTotalUnits()}. */
    GDA,
    /**
     * Pura's BackpressurePool: {@code getMemberUnits(bytes32 taskTypeId, address sink)}; the total is the
     * sum of the configured providers' units at the same block.
     */
    BACKPRESSURE;

    /** The configuration name: {@code gda} or {@code backpressure}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code gda} or {@code backpressure} (any case); throws IllegalArgumentException otherwise. */
    public static PoolKind parse(String value) {
        for (PoolKind kind : values()) {
            if (kind.wireName().equalsIgnoreCase(value.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("pool kind must be gda or backpressure, was '" + value + "'");
    }
}
