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

    /** Provider-reported usage; any field may be absent when the provider did not say. */
    public record ProviderUsage(Integer inputTokens, Integer outputTokens, Integer cachedInputTokens,
                                Integer reasoningTokens) {
    }

    /** One call to one upstream. {@code outcome}: ok, or the failure class. */
    public record Attempt(String provider, String model, String outcome, Integer httpStatus, long latencyMs) {
    }
}
