package xyz.pura.gateway.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import xyz.pura.providers.FailureKind;
import xyz.pura.router.RoutingDecision;

/** The order in which a request's upstreams are tried, and when a target is tried again. */
final class Plans {
    private Plans() {
    }

    /** The chosen target, retried once; then the decision's fallbacks (none with BYOK: the caller's key is for one provider). */
    static List<RoutingDecision.Target> of(RoutingDecision route, boolean byok) {
        RoutingDecision.Target first = new RoutingDecision.Target(route.provider(), route.model());
        List<RoutingDecision.Target> plan = new ArrayList<>(2 + route.fallbacks().size());
        plan.add(first);
        plan.add(first);
        if (!byok) {
            plan.addAll(route.fallbacks());
        }
        return plan;
    }

    /**
     * Whether a target that failed with {@code kind} may be tried again (its place further down the plan), once
     * {@link FailureKind#retryable()} has said that the request may go on at all. Not after a non-streamed
     * {@link FailureKind#TIMEOUT}: that target took the whole call deadline and would most likely take it again,
     * doubling the caller's wait and the provider's bill; the request goes on to the next fallback instead. A
     * stream's timeout is the silence before its first bytes, a shorter wait, and is retried like any other failure.
     */
    static boolean mayRetrySameTarget(FailureKind kind, boolean streamed) {
        return kind.retryable() && (streamed || kind != FailureKind.TIMEOUT);
    }

    /**
     * The longest a provider's {@code Retry-After} may be for the same target to be retried after it (the exchange
     * waits that long first). A longer one says the provider will refuse again at once: the request goes on to the
     * next fallback instead of retrying into the same refusal (or waiting past the caller's patience).
     */
    static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(1);

    /** {@link #mayRetrySameTarget(FailureKind, boolean)}, and not when the provider asked to wait longer than {@link #MAX_RETRY_WAIT}. */
    static boolean mayRetrySameTarget(FailureKind kind, boolean streamed, Duration retryAfter) {
        return mayRetrySameTarget(kind, streamed) && (retryAfter == null || retryAfter.compareTo(MAX_RETRY_WAIT) <= 0);
    }
}
