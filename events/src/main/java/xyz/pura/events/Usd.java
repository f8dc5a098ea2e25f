package xyz.pura.events;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact amount of US dollars, held as a whole number of nano-dollars (1e-9 USD).
 * No floating point anywhere: parsing and printing go through {@link BigDecimal}.
 */
public record Usd(long nanos) implements Comparable<Usd> {
    public static final Usd ZERO = new Usd(0);
    public static final long NANOS_PER_USD = 1_000_000_000L;

    public static Usd ofNanos(long nanos) {
        return new Usd(nanos);
    }

    /** The longest decimal string {@link #parse} reads: a long of nano-dollars has 19 digits, plus sign, point and exponent. */
    public static final int MAX_DECIMAL_LENGTH = 40;

    /**
     * Parses a decimal string such as {@code "10"} or {@code "0.000412500"}; more than 9 decimals is an error.
     * Strings longer than {@link #MAX_DECIMAL_LENGTH} are refused before they are parsed.
     */
    public static Usd parse(String decimal) {
        String s = decimal.trim();
        if (s.length() > MAX_DECIMAL_LENGTH) {
            throw new IllegalArgumentException("not a USD amount: longer than " + MAX_DECIMAL_LENGTH + " characters");
        }
        try {
            return of(new BigDecimal(s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a decimal number");
        }
    }

    /**
     * The exact amount, or {@link IllegalArgumentException} when it is beyond a long of nano-dollars or has more
     * than 9 decimals. The magnitude is checked from the number's precision and scale before it is scaled, so
     * {@code 1e50000000} (or {@code 1e-50000000}) is refused at once instead of being expanded digit by digit.
     */
    public static Usd of(BigDecimal usd) {
        if (usd.signum() == 0) {
            return ZERO;
        }
        // digits left of the point; a long of nano-dollars holds at most 10 (9,223,372,036.854775807 USD)
        long integerDigits = (long) usd.precision() - usd.scale();
        if (integerDigits > 10) {
            throw new IllegalArgumentException("not a USD amount: out of range");
        }
        BigDecimal exact = usd.scale() > 9 ? usd.stripTrailingZeros() : usd;
        if (exact.scale() > 9) {
            throw new IllegalArgumentException("not a USD amount: more than 9 decimals");
        }
        try {
            return new Usd(exact.movePointRight(9).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("not a USD amount: out of range");
        }
    }

    public Usd plus(Usd other) {
        return new Usd(Math.addExact(nanos, other.nanos));
    }

    public Usd minus(Usd other) {
        return new Usd(Math.subtractExact(nanos, other.nanos));
    }

    public boolean isNegative() {
        return nanos < 0;
    }

    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(nanos, 9);
    }

    @Override
    public int compareTo(Usd o) {
        return Long.compare(nanos, o.nanos);
    }

    /** Always nine decimals, as in headers and JSON: {@code 0.000412500}. */
    @Override
    public String toString() {
        return toBigDecimal().toPlainString();
    }
}
