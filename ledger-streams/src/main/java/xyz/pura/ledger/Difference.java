package xyz.pura.ledger;

/**
 * One disagreement found by {@link Replay}: between the replayed totals and the live table, or inside the
 * ledger itself (a duplicate entry, a sequence gap, a stated total that its amounts do not add up to, a
 * debited completion without its entry, a settled invoice without its one credit or a credit without its
 * settlement).
 *
 * @param what the field or rule, e.g. {@code spentTodayNanoUsd}, {@code duplicate-entry}, {@code missing-debit},
 *     {@code missing-credit}, {@code duplicate-credit}, {@code credit-without-settlement}
 * @param replayed what the ledger's own amounts say
 * @param live what the live table (or the entry) says
 */
public record Difference(String keyId, String what, String replayed, String live) {
    @Override
    public String toString() {
        return keyId + " " + what + ": replayed " + replayed + ", live " + live;
    }
}
