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
 * @param anthropicMessages the caller's own Anthropic Messages request when the request came in through the Messages
 *     door ({@code POST /v1/messages}), else null. {@code body} is its translation, which routing, metering and
 *     every other provider read; only the Anthropic provider sends this one instead (model replaced), so what only
 *     Claude understands (cache_control, thinking blocks and their signatures, top_k) reaches it unchanged. Never
 *     read from a request body: only a door can set it ({@link #withAnthropicMessages}).
 */
public record ChatRequest(ObjectNode body, String model, List<ChatMessage> messages, boolean stream,
                          boolean includeUsage, Integer maxTokens, RoutingHints routing, ObjectNode anthropicMessages) {

    public ChatRequest(ObjectNode body, String model, List<ChatMessage> messages, boolean stream, boolean includeUsage,
                       Integer maxTokens, RoutingHints routing) {
        this(body, model, messages, stream, includeUsage, maxTokens, routing, null);
    }

    public boolean hasTools() {
        return body.path("tools").isArray() && !body.path("tools").isEmpty();
    }

    /** The same request, carrying the Anthropic Messages request it was translated from. */
    public ChatRequest withAnthropicMessages(ObjectNode original) {
        return new ChatRequest(body, model, messages, stream, includeUsage, maxTokens, routing, original);
    }
}
