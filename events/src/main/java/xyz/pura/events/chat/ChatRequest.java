package xyz.pura.events.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A validated OpenAI chat completions request, as parsed by {@link ChatRequestParser}.
 *
 * @param body the whole request as sent, for faithful translation (never mutated)
 * @param model the requested model, or null for automatic routing ("auto" is normalised to null)
 * @param stream whether the answer is streamed (the default depends on the endpoint)
 * @param maxTokens max_completion_tokens or max_tokens, or null
 */
public record ChatRequest(ObjectNode body, String model, List<ChatMessage> messages, boolean stream,
                          boolean includeUsage, Integer maxTokens, RoutingHints routing) {

    public boolean hasTools() {
        return body.path("tools").isArray() && !body.path("tools").isEmpty();
    }
}
