package xyz.pura.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Receives OpenAI-shaped stream chunks; throws when the client can no longer receive them. */
@FunctionalInterface
public interface ChunkSink {
    void accept(ObjectNode chunk) throws IOException;
}
