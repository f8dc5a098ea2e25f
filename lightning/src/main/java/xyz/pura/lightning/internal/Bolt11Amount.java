package xyz.pura.lightning.internal;

/**
 * The amount in a BOLT11 human-readable part: a decimal number with an optional multiplier of
 * one bitcoin (none), milli ({@code m}), micro ({@code u}), nano ({@code n}) or pico ({@code p}).
 * One bitcoin is 10^11 millisatoshis; one pico-bitcoin is a tenth of a millisatoshi.
 */
public final class Bolt11Amount {
    private static final char[] UNITS = {'m', 'u', 'n'};
    private static final long[] MSAT_PER_UNIT = {100_000_000L, 100_000L, 100L};
    private static final long MSAT_PER_BTC = 100_000_000_000L;

    private Bolt11Amount() {
    }

    /**
     * The shortest exact encoding (the spec's SHOULD): the largest multiplier that divides the
     * amount, e.g. 10,000 sat = {@code 100u}, 1 sat = {@code 10n}, 1 msat = {@code 10p}.
     */
    public static String encode(long msat) {
        if (msat <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
        if (msat % MSAT_PER_BTC == 0) {
            return Long.toString(msat / MSAT_PER_BTC);
        }
        for (int i = 0; i < UNITS.length; i++) {
            if (msat % MSAT_PER_UNIT[i] == 0) {
                return (msat / MSAT_PER_UNIT[i]) + String.valueOf(UNITS[i]);
            }
        }
        return Math.multiplyExact(msat, 10L) + "p";
    }

    /**
     * Parses an amount part into millisatoshis. Rejects leading zeros, empty numbers, and a
     * pico amount that is not a whole millisatoshi (the spec's MUST).
     */
    public static long decode(String amount) {
        if (amount.isEmpty()) {
            throw new IllegalArgumentException("empty amount");
        }
        char last = amount.charAt(amount.length() - 1);
        boolean hasUnit = !Character.isDigit(last);
        String digits = hasUnit ? amount.substring(0, amount.length() - 1) : amount;
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.charAt(0) == '0') {
            throw new IllegalArgumentException("invalid amount '" + amount + "'");
        }
        long n = Long.parseLong(digits);
        if (!hasUnit) {
            return Math.multiplyExact(n, MSAT_PER_BTC);
        }
        if (last == 'p') {
            if (n % 10 != 0) {
                throw new IllegalArgumentException("pico amount is not a whole millisatoshi: " + amount);
            }
            return n / 10;
        }
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i] == last) {
                return Math.multiplyExact(n, MSAT_PER_UNIT[i]);
            }
        }
        throw new IllegalArgumentException("unknown amount multiplier '" + last + "'");
    }
}
