package xyz.pura.ledger.internal;

import java.util.ArrayList;
import java.util.List;
import xyz.pura.events.RequestCompleted;

/**
 * One call to one provider, as provider quality sees it.
 *
 * @param failure an upstream failure (the provider's fault)
 * @param latencyMs the call's latency; null when the client cancelled it (a cut-short latency says
 *     nothing about the provider)
 */
public record QualityObservation(String provider, boolean failure, Long latencyMs) {

    /**
     * The observations of a completion: each failover attempt before the last is a call of its own (a
     * failure unless its outcome is ok); the last call takes the completion's status: a failure only for
     * {@code upstream_error}, never for {@code client_cancelled}. Without attempts, the completion itself.
     */
    public static List<QualityObservation> of(RequestCompleted c) {
        List<RequestCompleted.Attempt> attempts = c.attempts() == null ? List.of() : c.attempts();
        List<QualityObservation> out = new ArrayList<>(Math.max(1, attempts.size()));
        for (int i = 0; i < attempts.size() - 1; i++) {
            RequestCompleted.Attempt a = attempts.get(i);
            add(out, a.provider(), !Billing.OK.equals(a.outcome()), a.latencyMs());
        }
        boolean cancelled = Billing.CANCELLED.equals(c.status());
        boolean failure = Billing.UPSTREAM_ERROR.equals(c.status());
        if (attempts.isEmpty()) {
            add(out, c.provider(), failure, cancelled ? null : c.latencyMs());
        } else {
            RequestCompleted.Attempt last = attempts.getLast();
            add(out, last.provider(), failure, cancelled ? null : last.latencyMs());
        }
        return out;
    }

    private static void add(List<QualityObservation> out, String provider, boolean failure, Long latencyMs) {
        if (provider != null && !provider.isBlank()) {
            out.add(new QualityObservation(provider, failure, latencyMs));
        }
    }
}
