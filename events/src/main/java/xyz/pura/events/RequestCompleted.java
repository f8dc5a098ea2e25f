package xyz.pura.events;

import java.time.Instant;
import java.util.List;

/**
 * A request ended, however it ended. Event id: {@code <requestId>:completed}.
 *
 * @param status ok | upstream_error | client_cancelled | gateway_error | rejected
 * @param httpStatus the status the client was sent
 * @param inputTokens the gateway's own estimate of the request's tokens (what admission reserved with; the cost's
 *     basis when {@code usageSource} is {@code estimate})
 * @param outputTokens the answer's tokens: the provider's count (reasoning included) when {@code usageSource} is
 *     {@code provider}, else the gateway's own count of the answer's text (the cost's basis then)
 * @param providerUsage tokens as the provider reported them, when it did
 * @param costNanoUsd the priced cost in nano-USD: the rate card's price of {@code providerUsage} by component when
 *     {@code usageSource} is {@code provider}, else of the gateway's own counts
 * @param usageSource {@value #USAGE_PROVIDER} (the provider reported the whole usage of a complete answer, and the cost
 *     prices it) or {@value #USAGE_ESTIMATE} (it did not: a stream cut short, a cancel, a failure, an upstream that
 *     sends no usage); null on events written before this field (they were priced from the estimate)
 * @param attempts every upstream attempt, in order (failover and retries included)
 * @param charges what the cost is made of, line by line (each line's tokens, its model and its price under
 *     {@code rateCardVersion}; {@code costNanoUsd} is their sum): the answer's line and one per timed-out attempt
 *     whose input the provider may bill; empty when nothing was priced; null on events written before this field
 *     ({@link #chargesOrDerived()} then derives them)
 * @param endpoint the front door's path ({@link Endpoint#wireName()}); null on events written before this field
 */
public record RequestCompleted(int schemaVersion, String eventId, Instant occurredAt,
                               String requestId, String keyId, String provider, String model, String tier,
                               String status, int httpStatus, String errorCode,
                               long latencyMs, Long ttfbMs, boolean stream,
                               int inputTokens, int outputTokens, ProviderUsage providerUsage,
                               long costNanoUsd, String rateCardVersion,
                               boolean explored, boolean byok, List<Attempt> attempts,
                               String usageSource, List<Charge> charges, String endpoint) implements PuraEvent {
    public static final int SCHEMA_VERSION = 1;
    public static final String USAGE_PROVIDER = "provider";
    public static final String USAGE_ESTIMATE = "estimate";

    public RequestCompleted {
        charges = charges == null ? null : List.copyOf(charges);
    }

    /** A completion without its endpoint (as every completion was before {@code endpoint}). */
    public RequestCompleted(int schemaVersion, String eventId, Instant occurredAt,
                            String requestId, String keyId, String provider, String model, String tier,
                            String status, int httpStatus, String errorCode,
                            long latencyMs, Long ttfbMs, boolean stream,
                            int inputTokens, int outputTokens, ProviderUsage providerUsage,
                            long costNanoUsd, String rateCardVersion,
                            boolean explored, boolean byok, List<Attempt> attempts,
                            String usageSource, List<Charge> charges) {
        this(schemaVersion, eventId, occurredAt, requestId, keyId, provider, model, tier, status, httpStatus, errorCode,
                latencyMs, ttfbMs, stream, inputTokens, outputTokens, providerUsage, costNanoUsd, rateCardVersion, explored,
                byok, attempts, usageSource, charges, null);
    }

    /** A completion without its itemised charges (as every completion was before {@code charges}). */
    public RequestCompleted(int schemaVersion, String eventId, Instant occurredAt,
                            String requestId, String keyId, String provider, String model, String tier,
                            String status, int httpStatus, String errorCode,
                            long latencyMs, Long ttfbMs, boolean stream,
                            int inputTokens, int outputTokens, ProviderUsage providerUsage,
                            long costNanoUsd, String rateCardVersion,
                            boolean explored, boolean byok, List<Attempt> attempts, String usageSource) {
        this(schemaVersion, eventId, occurredAt, requestId, keyId, provider, model, tier, status, httpStatus, errorCode,
                latencyMs, ttfbMs, stream, inputTokens, outputTokens, providerUsage, costNanoUsd, rateCardVersion, explored,
                byok, attempts, usageSource, null, null);
    }

    /** A completion priced from the gateway's own counts (as every completion was before {@code usageSource}). */
    public RequestCompleted(int schemaVersion, String eventId, Instant occurredAt,
                            String requestId, String keyId, String provider, String model, String tier,
                            String status, int httpStatus, String errorCode,
                            long latencyMs, Long ttfbMs, boolean stream,
                            int inputTokens, int outputTokens, ProviderUsage providerUsage,
                            long costNanoUsd, String rateCardVersion,
                            boolean explored, boolean byok, List<Attempt> attempts) {
        this(schemaVersion, eventId, occurredAt, requestId, keyId, provider, model, tier, status, httpStatus, errorCode,
                latencyMs, ttfbMs, stream, inputTokens, outputTokens, providerUsage, costNanoUsd, rateCardVersion, explored,
                byok, attempts, USAGE_ESTIMATE, null, null);
    }

    public static String eventIdFor(String requestId) {
        return requestId + ":completed";
    }

    /** Whether the ledger debits this completion: {@link BillingPolicy#debited}, the one rule. */
    public boolean debited() {
        return BillingPolicy.debited(status, outputTokens, costNanoUsd);
    }

    /** {@link #status} as its closed vocabulary; null for a status this version does not know. */
    public CompletionStatus completionStatus() {
        return CompletionStatus.ofWire(status);
    }

    /**
     * Provider-reported usage, normalised ({@link xyz.pura.events.pricing.TokenUsage}): {@code inputTokens} all input
     * (cache reads and writes included), {@code outputTokens} all output (reasoning included); any field may be absent
     * when the provider did not say.
     *
     * @param cachedInputTokens input read from the prompt cache
     * @param cacheWrite5mTokens input written to a 5-minute cache (Anthropic); absent on events before this field
     * @param cacheWrite1hTokens input written to a 1-hour cache (Anthropic); absent on events before this field
     */
    public record ProviderUsage(Integer inputTokens, Integer outputTokens, Integer cachedInputTokens,
                                Integer reasoningTokens, Integer cacheWrite5mTokens, Integer cacheWrite1hTokens) {
        public ProviderUsage(Integer inputTokens, Integer outputTokens, Integer cachedInputTokens, Integer reasoningTokens) {
            this(inputTokens, outputTokens, cachedInputTokens, reasoningTokens, null, null);
        }

        /** Whether the report is whole enough to price: both sides known. */
        public boolean complete() {
            return inputTokens != null && outputTokens != null;
        }

        /**
         * The billed components, or null when not {@link #complete()} or inconsistent (components beyond their side).
         */
        public xyz.pura.events.pricing.TokenUsage tokens() {
            if (!complete()) {
                return null;
            }
            try {
                return new xyz.pura.events.pricing.TokenUsage(inputTokens, orZero(cachedInputTokens), orZero(cacheWrite5mTokens),
                        orZero(cacheWrite1hTokens), outputTokens, orZero(reasoningTokens));
            } catch (IllegalArgumentException inconsistent) {
                return null;
            }
        }

        private static long orZero(Integer n) {
            return n == null ? 0 : n;
        }
    }

    /** The components this completion was priced from: the provider's when {@code usageSource} says so, else the estimate. */
    public xyz.pura.events.pricing.TokenUsage pricedTokens() {
        xyz.pura.events.pricing.TokenUsage provided = USAGE_PROVIDER.equals(usageSource) && providerUsage != null
                ? providerUsage.tokens() : null;
        return provided != null ? provided : xyz.pura.events.pricing.TokenUsage.of(inputTokens, outputTokens);
    }

    /**
     * The charges this completion's cost is made of: {@link #charges} when recorded; for an event written before them,
     * one answer line of {@link #pricedTokens()} on {@link #model} at the recorded cost when the ledger debits it, else
     * none (a timed-out attempt's input surcharge on such an old event shows up as a line whose price does not match).
     */
    public List<Charge> chargesOrDerived() {
        if (charges != null) {
            return charges;
        }
        return debited() ? List.of(Charge.of(Charge.ANSWER, model, pricedTokens(), costNanoUsd)) : List.of();
    }

    /**
     * One line of a cost: tokens by component on one model, and their price under the completion's rate card.
     *
     * @param kind {@value #ANSWER} (the answer, priced from the provider's usage or the estimate, see
     *     {@code usageSource}) or {@value #TIMED_OUT_ATTEMPT} (an attempt abandoned at the gateway's deadline, billed
     *     its input on its model)
     */
    public record Charge(String kind, String model, long inputTokens, long cacheReadTokens, long cacheWrite5mTokens,
                         long cacheWrite1hTokens, long outputTokens, long reasoningTokens, long costNanoUsd) {
        public static final String ANSWER = "answer";
        public static final String TIMED_OUT_ATTEMPT = "timed_out_attempt";

        public static Charge of(String kind, String model, xyz.pura.events.pricing.TokenUsage t, long costNanoUsd) {
            return new Charge(kind, model, t.inputTokens(), t.cacheReadTokens(), t.cacheWrite5mTokens(),
                    t.cacheWrite1hTokens(), t.outputTokens(), t.reasoningTokens(), costNanoUsd);
        }

        /** The line's tokens as the rate card prices them. */
        public xyz.pura.events.pricing.TokenUsage tokens() {
            return new xyz.pura.events.pricing.TokenUsage(inputTokens, cacheReadTokens, cacheWrite5mTokens,
                    cacheWrite1hTokens, outputTokens, reasoningTokens);
        }
    }

    /**
     * One call to one upstream. {@code outcome}: {@code ok}, {@code client_cancelled}, a failure class
     * (rate_limited, overloaded, server_error, timeout, transport, stream_error: the provider's fault;
     * bad_request, authentication, content_filter, protocol: not), or {@code circuit_open} / {@code rejected}
     * when no call was made.
     */
    public record Attempt(String provider, String model, String outcome, Integer httpStatus, long latencyMs) {
        public Attempt(String provider, String model, AttemptOutcome outcome, Integer httpStatus, long latencyMs) {
            this(provider, model, outcome.wireName(), httpStatus, latencyMs);
        }

        /** {@link #outcome} as its closed vocabulary; null for an outcome this version does not know. */
        public AttemptOutcome attemptOutcome() {
            return AttemptOutcome.ofWire(outcome);
        }

        /** Whether the upstream was actually called (an unknown outcome counts as called). */
        public boolean called() {
            AttemptOutcome o = attemptOutcome();
            return o == null || o.called();
        }

        /** Whether this attempt failed through the provider's fault (what quality scores count). */
        public boolean providerFailure() {
            AttemptOutcome o = attemptOutcome();
            return o != null && o.providerFault();
        }
    }
}
