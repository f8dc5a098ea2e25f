package xyz.pura.events.refusal;

/**
 * Carries a {@link Refusal} from where it is decided up to the front door that renders it. Stackless: a refusal is
 * an answer, not a failure of the gateway, and is thrown on every over-budget or rate-limited request.
 */
public class Refused extends RuntimeException {
    private final transient Refusal refusal;

    public Refused(Refusal refusal) {
        super(refusal.message(), null, false, false);
        this.refusal = refusal;
    }

    /** A 401 for a missing or invalid API key. */
    public static Refused unauthenticated(String message) {
        return new Refused(new Refusal.Unauthenticated("invalid_api_key", message));
    }

    /** A malformed request without a more specific code. {@code param}: the offending field, or null. */
    public static Refused invalid(String message, String param) {
        return new Refused(new Refusal.Invalid(null, message, param));
    }

    public Refusal refusal() {
        return refusal;
    }

    public String code() {
        return refusal.code();
    }
}
