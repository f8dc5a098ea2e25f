package xyz.pura.events;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * A fixed exchange rate from USD to bitcoin, held exactly as a whole number of millisatoshis per USD, and
 * the one rule that turns a USD cost into the millisatoshis it debits (shared by the ledger and admission):
 * {@code ceil(costNanoUsd * msatPerUsd / 1e9)}, in integer arithmetic, rounded up to the millisat.
 *
 * @param msatPerUsd millisatoshis per US dollar, above 0 (1100 sats/USD is {@code 1_100_000})
 */
public record SatsRate(long msatPerUsd) {
    private static final long NANOS_PER_USD = Usd.NANOS_PER_USD;
    private static final BigInteger NANOS = BigInteger.valueOf(NANOS_PER_USD);

    public SatsRate {
        if (msatPerUsd <= 0) {
            throw new IllegalArgumentException("a sats rate must be above 0 msat per USD: " + msatPerUsd);
        }
    }

    /**
     * Parses a decimal number of sats per USD, such as {@code "1100"} or {@code "1100.5"}; at most 3 decimals
     * (a millisat), above 0.
     *
     * @throws IllegalArgumentException when it is not such a number
     */
    public static SatsRate parseSatsPerUsd(String decimal) {
        BigDecimal sats;
        try {
            sats = new BigDecimal(decimal.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a decimal number of sats per USD: " + decimal, e);
        }
        try {
            return new SatsRate(sats.movePointRight(3).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("sats per USD must have at most 3 decimals and fit a long: " + decimal, e);
        }
    }

    /** The millisatoshis that {@code costNanoUsd} debits: rounded up to the millisat, never negative input. */
    public long msatFor(long costNanoUsd) {
        if (costNanoUsd < 0) {
            throw new IllegalArgumentException("negative cost " + costNanoUsd);
        }
        long high = Math.multiplyHigh(costNanoUsd, msatPerUsd);
        long low = costNanoUsd * msatPerUsd;
        if (high == 0 && low >= 0) {
            return Math.ceilDiv(low, NANOS_PER_USD);
        }
        BigInteger[] qr = BigInteger.valueOf(costNanoUsd).multiply(BigInteger.valueOf(msatPerUsd))
                .divideAndRemainder(NANOS);
        BigInteger msat = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        return msat.longValueExact();
    }

    /** The rate as a decimal number of sats per USD, e.g. {@code 1100} or {@code 1100.5}. */
    public BigDecimal satsPerUsd() {
        return BigDecimal.valueOf(msatPerUsd, 3).stripTrailingZeros();
    }

    @Override
    public String toString() {
        return satsPerUsd().toPlainString() + " sats/USD";
    }
}
