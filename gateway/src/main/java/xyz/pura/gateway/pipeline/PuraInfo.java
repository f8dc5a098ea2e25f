package xyz.pura.gateway.pipeline;

import xyz.pura.events.Usd;

/**
 * The {@code pura} object of a non-streamed completion and of a stream's final chunk: what the
 * gateway measured and charged for this request (the same figures as its ledger entry).
 *
 * @param costUsd the cost recorded in the ledger, USD decimal string
 * @param inputTokens the gateway's estimate of the request's tokens
 * @param outputTokens the answer's tokens: the provider's count when {@code usageSource} is {@code provider}, else
 *     the gateway's own count
 * @param usageSource what {@code costUsd} priced: {@code provider} (the provider's usage by component, as in the
 *     answer's {@code usage}) or {@code estimate} (the gateway's own counts above)
 */
public record PuraInfo(String requestId, String provider, String model, String tier, String costUsd, int inputTokens,
                       int outputTokens, String rateCardVersion, String budgetRemainingUsd, String usageSource) {

    static PuraInfo of(RequestContext r, Usd cost, int outputTokens, String rateCardVersion, Usd remaining,
                       String usageSource) {
        return new PuraInfo(r.requestId(), r.servedBy().provider().wireName(), r.servedBy().model(),
                r.route().tier().wireName(), cost.toString(), r.inputTokens(), outputTokens, rateCardVersion,
                remaining.toString(), usageSource);
    }
}
