package xyz.pura.providers;

import xyz.pura.events.ProviderId;

/**
 * A provider that also embeds text ({@code POST /v1/embeddings}): OpenAI and Gemini. Kept apart from {@link Provider}
 * so that a chat-only upstream implements nothing for it; {@link Providers#embeddings} finds the ones that do.
 * Calls block the calling (virtual) thread.
 */
public interface Embeddings {
    ProviderId id();

    /** Whether the gateway has a key (or a simulator) for this provider. */
    boolean configured();

    /**
     * The vectors of every input, in the request's order, each of the length the call asks for.
     *
     * @throws xyz.pura.events.chat.InvalidRequestException when this provider cannot take the request as it is
     *     (nothing is sent)
     */
    EmbeddingResult embed(EmbeddingCall call) throws UpstreamException;
}
