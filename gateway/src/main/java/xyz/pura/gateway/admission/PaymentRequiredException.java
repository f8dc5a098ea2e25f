package xyz.pura.gateway.admission;

/**
 * The key has used its free requests and its sats balance does not cover the request: the caller answers
 * 402 {@code payment_required} with a funding invoice. {@code code}: {@code free_tier_exceeded} (never
 * funded) or {@code insufficient_balance}.
 */
public final class PaymentRequiredException extends RuntimeException {
    private final String code;
    private final long availableMsat;
    private final boolean gatewayCeiling;

    PaymentRequiredException(String code, long availableMsat) {
        this(code, availableMsat, false);
    }

    PaymentRequiredException(String code, long availableMsat, boolean gatewayCeiling) {
        super(code, null, false, false);
        this.code = code;
        this.availableMsat = availableMsat;
        this.gatewayCeiling = gatewayCeiling;
    }

    /** Whether the gateway's daily free-tier ceiling ({@code PURA_FREE_TIER_DAILY_USD}) refused, not the key's own tier. */
    public boolean gatewayCeiling() {
        return gatewayCeiling;
    }

    public String code() {
        return code;
    }

    public long availableMsat() {
        return availableMsat;
    }
}
