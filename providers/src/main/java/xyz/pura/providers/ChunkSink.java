package xyz.pura.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Receives OpenAI-shaped stream chunks; throws when the client can no longer receive them. */
@FunctionalInterface
public interface ChunkSink {
    void accept(ObjectNode chunk) throws IOException;

    /**
     * One event of the upstream's stream in its own format, passed before the chunks it translates into, when the
     * request came in through a door that speaks that format ({@code ChatRequest.anthropicMessages}). Ignored by
     * default.
     */
    default void upstreamEvent(ObjectNode event) throws IOException {
    }
}
