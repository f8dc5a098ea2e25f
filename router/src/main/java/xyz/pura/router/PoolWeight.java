package xyz.pura.router;

/**
 * A provider's capacity weight from {@code pura.weights}: its GDA pool units out of the pool's total.
 *
 * @param stale set by the feeder when the chain could not be read (the last value is kept but distrusted)
 */
public record PoolWeight(long units, long totalUnits, long observedAtMillis, boolean stale) {
    public PoolWeight {
        if (units < 0 || totalUnits < 0 || units > totalUnits) {
            throw new IllegalArgumentException("need 0 <= units <= totalUnits, got " + units + "/" + totalUnits);
        }
    }

    /** units / totalUnits, or 0 when the pool is empty. */
    public double share() {
        return totalUnits == 0 ? 0 : (double) units / totalUnits;
    }

    /** Usable at {@code nowMillis}: not flagged stale, not older than {@code maxAgeMillis}, pool not empty. */
    public boolean usableAt(long nowMillis, long maxAgeMillis) {
        return !stale && totalUnits > 0 && nowMillis - observedAtMillis <= maxAgeMillis;
    }
}
