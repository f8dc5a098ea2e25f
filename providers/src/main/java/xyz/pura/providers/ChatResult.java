package xyz.pura.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What came back from a provider.
 *
 * @param completion the OpenAI {@code chat.completion} object (non-streamed calls), or null
 * @param outputText every piece of generated text and tool-call argument, for the gateway's token estimate
 * @param finishReason OpenAI's finish reason (stop, length, tool_calls, content_filter), or null if cut short
 * @param usage the provider's own usage report, or null when it sent none
 * @param upstreamMessage the provider's own answer in its own format (non-streamed calls of a request that came in
 *     through a door speaking that format, {@code ChatRequest.anthropicMessages}), or null
 */
public record ChatResult(ObjectNode completion, String outputText, String finishReason, Usage usage,
                         ObjectNode upstreamMessage) {

    public ChatResult(ObjectNode completion, String outputText, String finishReason, Usage usage) {
        this(completion, outputText, finishReason, usage, null);
    }

    /** The same result, with the provider's own answer beside its translation. */
    public ChatResult withUpstreamMessage(ObjectNode message) {
        return new ChatResult(completion, outputText, finishReason, usage, message);
    }

    /**
     * Provider-reported token counts, normalised across providers; any may be null.
     *
     * @param inputTokens all input tokens, cache reads and writes included
     * @param outputTokens all output tokens, reasoning included
     * @param cachedInputTokens input tokens read from the prompt cache
     * @param reasoningTokens output tokens spent reasoning, where reported apart
     * @param cacheWrite5mTokens input tokens written to a 5-minute cache (Anthropic)
     * @param cacheWrite1hTokens input tokens written to a 1-hour cache (Anthropic)
     */
    public record Usage(Integer inputTokens, Integer outputTokens, Integer cachedInputTokens, Integer reasoningTokens,
                        Integer cacheWrite5mTokens, Integer cacheWrite1hTokens) {
        public Usage(Integer inputTokens, Integer outputTokens, Integer cachedInputTokens, Integer reasoningTokens) {
            this(inputTokens, outputTokens, cachedInputTokens, reasoningTokens, null, null);
        }
    }
}
