package xyz.pura.providers;

import xyz.pura.events.ProviderId;

/**
 * One upstream, speaking its own wire format behind OpenAI's. Implementations translate the
 * request, call the upstream, and translate the answer (or each stream event) back to OpenAI's shape.
 * Calls block the calling (virtual) thread.
 */
public interface Provider {
    ProviderId id();

    /** Whether the gateway has a key (or a simulator) for this provider. */
    boolean configured();

    /** A non-streamed completion, already in OpenAI's {@code chat.completion} shape. */
    ChatResult chat(UpstreamRequest request) throws UpstreamException;

    /**
     * A streamed completion: every OpenAI {@code chat.completion.chunk} goes to {@code sink} as it
     * arrives. When the sink throws (the client went away) the upstream call is cancelled at once and
     * {@link StreamAbortedException} carries what was streamed so far.
     */
    ChatResult stream(UpstreamRequest request, ChunkSink sink) throws UpstreamException, StreamAbortedException;
}
