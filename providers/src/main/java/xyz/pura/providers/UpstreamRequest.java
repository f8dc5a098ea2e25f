package xyz.pura.providers;

import xyz.pura.events.chat.ChatRequest;

/**
 * What the gateway asks of a provider.
 *
 * @param model the provider's model to use (already chosen by the router)
 * @param byokKey the caller's own provider key (X-Provider-Key), or null to use the gateway's
 * @param requestId the gateway's request id, for the upstream's logs where it takes one
 */
public record UpstreamRequest(ChatRequest chat, String model, String byokKey, String requestId) {
    /** A caller's key that cannot be an HTTP header value is refused here, without its value in the message. */
    public UpstreamRequest {
        if (byokKey != null && !ProviderKeys.wellFormed(byokKey)) {
            throw new IllegalArgumentException(ProviderKeys.refusal());
        }
    }

    @Override
    public String toString() {
        return "UpstreamRequest[model=" + model + ", byok=" + (byokKey != null) + ", requestId=" + requestId + "]";
    }
}
