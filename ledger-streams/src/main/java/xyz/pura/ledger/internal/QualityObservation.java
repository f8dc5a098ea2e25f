package xyz.pura.ledger.internal;

import java.util.ArrayList;
import java.util.List;
import xyz.pura.events.AttemptOutcome;
import xyz.pura.events.CompletionStatus;
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
     * The observations of a completion: each attempt that reached an upstream is a call of its own, a
     * failure only when the provider was at fault (see {@link RequestCompleted.Attempt#providerFailure()});
     * a cancelled call gives no latency sample. Without attempts, the completion itself.
     */
    public static List<QualityObservation> of(RequestCompleted c) {
        List<RequestCompleted.Attempt> attempts = c.attempts() == null ? List.of() : c.attempts();
        List<QualityObservation> out = new ArrayList<>(Math.max(1, attempts.size()));
        if (attempts.isEmpty()) {
            boolean cancelled = c.completionStatus() == CompletionStatus.CLIENT_CANCELLED;
            add(out, c.provider(), c.completionStatus() == CompletionStatus.UPSTREAM_ERROR, cancelled ? null : c.latencyMs());
            return out;
        }
        for (RequestCompleted.Attempt a : attempts) {
            if (a.called()) {
                add(out, a.provider(), a.providerFailure(), a.attemptOutcome() == AttemptOutcome.CLIENT_CANCELLED ? null : a.latencyMs());
            }
        }
        return out;
    }

    private static void add(List<QualityObservation> out, String provider, boolean failure, Long latencyMs) {
        if (provider != null && !provider.isBlank()) {
            out.add(new QualityObservation(provider, failure, latencyMs));
        }
    }
}
