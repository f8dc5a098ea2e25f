package xyz.pura.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * A provider's on-chain capacity weight on compacted {@code pura.weights} (keyed by provider wire name):
 * its pool units out of the pool's total, read at one block. The router uses it only to break ties
 * between providers of equal quality. A feeder calls {@code WeightTable.update(provider, units, totalUnits,
 * observedAt)} for a fresh value and {@code WeightTable.markStale(provider)} when {@code stale} is set.
 *
 * @param eventId {@code <chainId>:<blockNumber>:<provider>} for a fresh value;
 *     {@code <chainId>:<blockNumber>:<provider>:stale} when the same value is re-published as stale
 * @param provider the provider's wire name ({@link ProviderId#wireName()})
 * @param units the provider's member units in the pool (uint128 on chain; the oracle refuses larger than long)
 * @param totalUnits the pool's total units (GDA: {@code getTotalUnits()}; BackpressurePool: the sum of the
 *     configured providers' units at the same block)
 * @param sharePpm {@code floor(units * 1,000,000 / totalUnits)}: the share in parts per million, 0 when
 *     the pool is empty
 * @param blockNumber the block all providers were read at (one consistent snapshot)
 * @param chainId the EVM chain id (84532 for Base Sepolia)
 * @param pool the pool contract address, 0x-prefixed lowercase hex
 * @param observedAt when the oracle read that block (a stale re-publication keeps the original time)
 * @param stale true when the chain could not be read for longer than the configured max age: the value
 *     is the last good one and must not be trusted (the router then treats providers as equal)
 */
public record WeightUpdated(int schemaVersion, String eventId, Instant occurredAt, String provider, long units,
                            long totalUnits, long sharePpm, long blockNumber, long chainId, String pool,
                            Instant observedAt, boolean stale) implements PuraEvent {
    public static final int SCHEMA_VERSION = 1;
    /** Parts per million: a share of 1,000,000 is the whole pool. */
    public static final long PPM = 1_000_000L;

    public WeightUpdated {
        if (units < 0 || totalUnits < 0 || units > totalUnits) {
            throw new IllegalArgumentException("need 0 <= units <= totalUnits, got " + units + "/" + totalUnits);
        }
    }

    /** A fresh (not stale) weight with its deterministic event id and computed share. */
    public static WeightUpdated fresh(ProviderId provider, long units, long totalUnits, long blockNumber, long chainId,
                                      String pool, Instant observedAt, Instant occurredAt) {
        return new WeightUpdated(SCHEMA_VERSION, eventId(chainId, blockNumber, provider), occurredAt,
                provider.wireName(), units, totalUnits, sharePpm(units, totalUnits), blockNumber, chainId, pool,
                observedAt, false);
    }

    /** This weight re-published as stale at {@code now}; the values and observation time stay. */
    public WeightUpdated asStale(Instant now) {
        return new WeightUpdated(schemaVersion, eventId(chainId, blockNumber, provider) + ":stale", now, provider,
                units, totalUnits, sharePpm, blockNumber, chainId, pool, observedAt, true);
    }

    /** {@code <chainId>:<blockNumber>:<provider>}. */
    public static String eventId(long chainId, long blockNumber, ProviderId provider) {
        return eventId(chainId, blockNumber, provider.wireName());
    }

    private static String eventId(long chainId, long blockNumber, String provider) {
        return chainId + ":" + blockNumber + ":" + provider;
    }

    /** {@code floor(units * 1e6 / totalUnits)}, exact for any long inputs; 0 when {@code totalUnits} is 0. */
    public static long sharePpm(long units, long totalUnits) {
        if (totalUnits == 0) {
            return 0;
        }
        return BigInteger.valueOf(units).multiply(BigInteger.valueOf(PPM))
                .divide(BigInteger.valueOf(totalUnits)).longValueExact();
    }

    /** The provider as an enum, empty for a name this version does not know. */
    @JsonIgnore
    public Optional<ProviderId> providerId() {
        return ProviderId.fromWire(provider);
    }
}
