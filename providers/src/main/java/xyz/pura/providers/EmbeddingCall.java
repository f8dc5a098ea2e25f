package xyz.pura.providers;

import xyz.pura.events.embeddings.EmbeddingRequest;

/**
 * What the gateway asks of an embedding provider.
 *
 * @param model the provider's model to use
 * @param dimensions the vector length to ask for, or null for the model's default (nothing is sent)
 * @param byokKey the caller's own provider key (X-Provider-Key), or null to use the gateway's
 * @param requestId the gateway's request id
 */
public record EmbeddingCall(EmbeddingRequest request, String model, Integer dimensions, String byokKey, String requestId) {
    /** A caller's key that cannot be an HTTP header value is refused here, without its value in the message. */
    public EmbeddingCall {
        if (byokKey != null && !ProviderKeys.wellFormed(byokKey)) {
            throw new IllegalArgumentException(ProviderKeys.refusal());
        }
    }

    @Override
    public String toString() {
        return "EmbeddingCall[model=" + model + ", inputs=" + request.inputs().size() + ", byok=" + (byokKey != null)
                + ", requestId=" + requestId + "]";
    }
}
