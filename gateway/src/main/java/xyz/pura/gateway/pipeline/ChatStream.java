package xyz.pura.gateway.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import xyz.pura.events.refusal.Refusal;

/**
 * A streamed answer on its way to the client, as the pipeline sees it: OpenAI chunks in, whatever the front door
 * speaks out (SSE for chat completions). Nothing is committed before the first chunk, so a failure before it can
 * still become an ordinary error answer; the response's headers are those given with the first chunk.
 *
 * <p>A write that fails (the client left, or stopped reading past the write timeout) throws; the pipeline then bills
 * what was written before it.
 */
public interface ChatStream {
    /** Writes one chunk; the first one commits the response with {@code headers}. */
    void send(Map<String, String> headers, ObjectNode chunk) throws IOException;

    /**
     * One event of the upstream's own stream, when the request came in through a door that speaks the upstream's
     * format ({@code ChatRequest.anthropicMessages}); it comes before the chunks it was translated into, and the first
     * write commits the response with {@code headers}. A door that passes such events on uses the chunks only for
     * what its events lack (the {@code pura} object); others ignore them (the default).
     */
    default void upstreamEvent(Map<String, String> headers, ObjectNode event) throws IOException {
    }

    /** Ends the stream the protocol's way ({@code data: [DONE]}). */
    void done() throws IOException;

    /** A failure after the stream started, in the protocol's shape for it. Never throws: the client may be gone too. */
    void error(Refusal refusal);

    /** Whether any byte has gone to the client (after which the status can no longer change). */
    boolean started();

    /** System.nanoTime() of the first chunk written, or 0. */
    long firstByteNanos();
}
