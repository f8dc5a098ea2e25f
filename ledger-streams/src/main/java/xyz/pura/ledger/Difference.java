package xyz.pura.ledger;

/**
 * One disagreement found by {@link Replay}: between the replayed totals and the live table, or inside the
 * ledger itself (a duplicate entry, a sequence gap, a stated total that its amounts do not add up to, a
 * debited completion without its entry).
 *
 * @param what the field or rule, e.g. {@code spentTodayNanoUsd} or {@code duplicate-entry}
 * @param replayed what the ledger's own amounts say
 * @param live what the live table (or the entry) says
 */
public record Difference(String keyId, String what, String replayed, String live) {
    @Override
    public String toString() {
        return keyId + " " + what + ": replayed " + replayed + ", live " + live;
    }
}
