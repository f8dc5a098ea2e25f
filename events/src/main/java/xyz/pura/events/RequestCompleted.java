package xyz.pura.events;

import java.time.Instant;
import java.util.List;

/**
 * A request ended, however it ended. Event id: {@code <requestId>:completed}.
 *
 * @param status ok | upstream_error | client_cancelled | gateway_error | rejected
 * @param httpStatus the status the client was sent
 * @param inputTokens the gateway's own estimate of the request's tokens (what the cost uses)
 * @param outputTokens the gateway's own estimate of the answer's tokens (what the cost uses)
 * @param providerUsage tokens as the provider reported them, when it did
 * @param costNanoUsd the priced cost in nano-USD
 * @param attempts every upstream attempt, in order (failover and retries included)
 */
public record RequestCompleted(int schemaVersion, String eventId, Instant occurredAt,
                               String requestId, String keyId, String provider, String model, String tier,
                               String status, int httpStatus, String errorCode,
                               long latencyMs, Long ttfbMs, boolean stream,
                               int inputTokens, int outputTokens, ProviderUsage providerUsage,
                               long costNanoUsd, String rateCardVersion,
                               boolean explored, boolean byok, List<Attempt> attempts) implements PuraEvent {
    public static final int SCHEMA_VERSION = 1;

    public static String eventIdFor(String requestId) {
        return requestId + ":completed";
    }

    /**
     * Whether the ledger debits this completion (the one rule, shared by the ledger and admission):
     * {@code ok} always; {@code client_cancelled} when any tokens were produced or any cost priced;
     * any other status only when a cost above 0 was priced.
     */
    public boolean debited() {
        return switch (status) {
            case "ok" -> true;
            case "client_cancelled" -> outputTokens > 0 || costNanoUsd > 0;
            default -> costNanoUsd > 0;
        };
    }

    /** Provider-reported usage; any field may be absent when the provider did not say. */
    public record ProviderUsage(Integer inputTokens, Integer outputTokens, Integer cachedInputTokens,
                                Integer reasoningTokens) {
    }

    /**
     * One call to one upstream. {@code outcome}: {@code ok}, {@code client_cancelled}, a failure class
     * (rate_limited, overloaded, server_error, timeout, transport, stream_error: the provider's fault;
     * bad_request, authentication, content_filter, protocol: not), or {@code circuit_open} / {@code rejected}
     * when no call was made.
     */
    public record Attempt(String provider, String model, String outcome, Integer httpStatus, long latencyMs) {
        private static final java.util.Set<String> PROVIDER_FAULTS =
                java.util.Set.of("rate_limited", "overloaded", "server_error", "timeout", "transport", "stream_error");

        /** Whether the upstream was actually called. */
        public boolean called() {
            return !"circuit_open".equals(outcome) && !"rejected".equals(outcome) && !"gateway_error".equals(outcome);
        }

        /** Whether this attempt failed through the provider's fault (what quality scores count). */
        public boolean providerFailure() {
            return PROVIDER_FAULTS.contains(outcome);
        }
    }
}
