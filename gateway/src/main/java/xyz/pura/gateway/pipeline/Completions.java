package xyz.pura.gateway.pipeline;

import java.time.Instant;
import java.util.List;
import xyz.pura.events.RequestAccepted;
import xyz.pura.events.RequestCompleted;
import xyz.pura.providers.ChatResult;

/** Builds the two billing events of a request. */
public final class Completions {
    private Completions() {
    }

    public static RequestAccepted accepted(RequestContext r, Instant at) {
        return new RequestAccepted(RequestAccepted.SCHEMA_VERSION, RequestAccepted.eventIdFor(r.requestId()), at,
                r.requestId(), r.key().keyId(), r.route().provider().wireName(), r.route().model(),
                r.route().tier().wireName(), r.chat().stream(), r.inputTokens(), r.reservationNanoUsd(),
                r.route().reason(), r.route().explored(), r.byok());
    }

    /**
     * @param result what the provider returned (or the partial result of a cancelled stream), or null
     */
    public static RequestCompleted completed(RequestContext r, Instant at, String status, int httpStatus, String errorCode,
                                             ChatResult result, int outputTokens, long costNanoUsd, String rateCardVersion,
                                             List<RequestCompleted.Attempt> attempts, String usageSource,
                                             List<RequestCompleted.Charge> charges) {
        long latencyMs = (System.nanoTime() - r.startNanos()) / 1_000_000;
        Long ttfbMs = r.firstByteNanos() == 0 ? null : (r.firstByteNanos() - r.startNanos()) / 1_000_000;
        ChatResult.Usage u = result == null ? null : result.usage();
        RequestCompleted.ProviderUsage usage = providerUsage(u);
        return new RequestCompleted(RequestCompleted.SCHEMA_VERSION, RequestCompleted.eventIdFor(r.requestId()), at,
                r.requestId(), r.key().keyId(), r.servedBy().provider().wireName(), r.servedBy().model(),
                r.route().tier().wireName(), status, httpStatus, errorCode, latencyMs, ttfbMs, r.chat().stream(),
                r.inputTokens(), outputTokens, usage, costNanoUsd, rateCardVersion, r.route().explored(), r.byok(),
                List.copyOf(attempts), usageSource, charges, r.endpoint().wireName());
    }

    static RequestCompleted.ProviderUsage providerUsage(ChatResult.Usage u) {
        return u == null ? null : new RequestCompleted.ProviderUsage(u.inputTokens(), u.outputTokens(), u.cachedInputTokens(),
                u.reasoningTokens(), u.cacheWrite5mTokens(), u.cacheWrite1hTokens());
    }

    /** A provider's report as billed components, or null when it is not whole enough to price (or null). */
    static xyz.pura.events.pricing.TokenUsage tokens(ChatResult.Usage u) {
        RequestCompleted.ProviderUsage usage = providerUsage(u);
        return usage == null ? null : usage.tokens();
    }
}
