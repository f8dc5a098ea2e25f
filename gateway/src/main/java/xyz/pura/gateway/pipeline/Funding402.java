package xyz.pura.gateway.pipeline;

import xyz.pura.events.refusal.Refusal;
import xyz.pura.gateway.admission.PaymentRequiredException;

/** The 402 every pipeline answers a key without money with: why, and the invoice to pay ({@link ChatPipeline.Funding}). */
final class Funding402 {
    private Funding402() {
    }

    /** A 402 with a funding invoice: the key's pending one if it has one, else a new one. */
    static Refusal of(ChatPipeline.Funding funding, ChatPipeline.Caller caller, PaymentRequiredException unpaid) {
        boolean neverFunded = unpaid.code().equals("free_tier_exceeded");
        String message = unpaid.gatewayCeiling()
                ? "The gateway's free tier for today (PURA_FREE_TIER_DAILY_USD) is used up; funded keys are served as usual. "
                + "Pay the Lightning invoice in 'funding' to continue, or retry after 00:00 UTC."
                : neverFunded
                ? "The free requests of this key are used up. Pay the Lightning invoice in 'funding' to continue."
                : "The sats balance of this key does not cover this request. Pay the Lightning invoice in 'funding' to top it up.";
        return new Refusal.PaymentRequired(unpaid.code(), message, funding.offer(caller.key().keyId(), caller.baseUrl()));
    }
}
