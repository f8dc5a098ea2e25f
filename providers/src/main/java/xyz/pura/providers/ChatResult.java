package xyz.pura.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What came back from a provider.
 *
 * @param completion the OpenAI {@code chat.completion} object (non-streamed calls), or null
 * @param outputText every piece of generated text and tool-call argument, for the gateway's token estimate
 * @param finishReason OpenAI's finish reason (stop, length, tool_calls, content_filter), or null if cut short
 * @param usage the provider's own usage report, or null when it sent none
 */
public record ChatResult(ObjectNode completion, String outputText, String finishReason, Usage usage) {

    /** Provider-reported token counts; any may be null. */
    public record Usage(Integer inputTokens, Integer outputTokens, Integer cachedInputTokens, Integer reasoningTokens) {
    }
}
