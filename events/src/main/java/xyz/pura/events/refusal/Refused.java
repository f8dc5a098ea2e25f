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

    public Refusal refusal() {
        return refusal;
    }

    public String code() {
        return refusal.code();
    }
}
