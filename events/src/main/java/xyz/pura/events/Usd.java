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

    /** Parses a decimal string such as {@code "10"} or {@code "0.000412500"}; more than 9 decimals is an error. */
    public static Usd parse(String decimal) {
        BigDecimal value = new BigDecimal(decimal.trim());
        return of(value);
    }

    public static Usd of(BigDecimal usd) {
        try {
            return new Usd(usd.movePointRight(9).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("not a USD amount with at most 9 decimals: " + usd.toPlainString());
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
