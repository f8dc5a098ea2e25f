package xyz.pura.events;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.math.BigDecimal;

/**
 * Refuses, while a tree is read, a number whose decimal exponent is beyond {@link #MAX_EXPONENT} (also {@code MAX_EXPONENT}):
 * the same {@link StreamConstraintsException} Jackson throws for its own limits (nesting depth, number length),
 * so every reader that already answers a malformed body with a 400 answers this one the same way, before any
 * arithmetic can touch the number.
 */
final class BoundedNumbers extends JsonNodeFactory {
    /** The largest decimal exponent a number may have; see {@code Json.MAX_NUMBER_EXPONENT}. */
    static final int MAX_EXPONENT = 1000;

    static final BoundedNumbers FACTORY = new BoundedNumbers();

    private BoundedNumbers() {
        super();
    }

    @Override
    public ValueNode numberNode(BigDecimal v) {
        if (v != null && outOfRange(v)) {
            throw sneaky(new StreamConstraintsException("A number's exponent is beyond 1e" + MAX_EXPONENT
                    + " (or below 1e-" + MAX_EXPONENT + ")."));
        }
        return super.numberNode(v);
    }

    /** The exponent of the number's leading digit, from its precision and scale: no digit of it is expanded. */
    static boolean outOfRange(BigDecimal v) {
        if (v.signum() == 0) {
            return false;
        }
        long leadingExponent = (long) v.precision() - v.scale() - 1;
        return Math.abs(leadingExponent) > MAX_EXPONENT;
    }

    /** Throws a checked exception from a method that declares none (Jackson's tree readers declare IOException). */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
