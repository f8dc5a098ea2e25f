package xyz.pura.events.pricing;

/**
 * One request's tokens by the components providers bill, normalised across providers: what a cost is priced from.
 *
 * <p>{@code inputTokens} counts every input token, whether read from the provider's prompt cache, written to it, or
 * neither; {@code outputTokens} counts every output token, reasoning ("thinking") included. The components say which
 * part of each is priced differently. Each provider's report maps onto this one shape: OpenAI's {@code prompt_tokens}
 * with {@code cached_tokens} and {@code completion_tokens} with {@code reasoning_tokens}; Anthropic's
 * {@code input_tokens + cache_read_input_tokens + cache_creation_input_tokens} and {@code output_tokens} (thinking
 * included, not reported apart); Gemini's {@code promptTokenCount} with {@code cachedContentTokenCount} and
 * {@code candidatesTokenCount + thoughtsTokenCount}.
 *
 * @param inputTokens all input tokens
 * @param cacheReadTokens input tokens read from the prompt cache
 * @param cacheWrite5mTokens input tokens written to a 5-minute cache (Anthropic's default TTL)
 * @param cacheWrite1hTokens input tokens written to a 1-hour cache
 * @param outputTokens all output tokens
 * @param reasoningTokens output tokens spent reasoning, where the provider reports them apart
 */
public record TokenUsage(long inputTokens, long cacheReadTokens, long cacheWrite5mTokens, long cacheWrite1hTokens,
                         long outputTokens, long reasoningTokens) {
    public TokenUsage {
        if (inputTokens < 0 || cacheReadTokens < 0 || cacheWrite5mTokens < 0 || cacheWrite1hTokens < 0 || outputTokens < 0
                || reasoningTokens < 0) {
            throw new IllegalArgumentException("negative token count: " + this);
        }
        if (Math.addExact(Math.addExact(cacheReadTokens, cacheWrite5mTokens), cacheWrite1hTokens) > inputTokens) {
            throw new IllegalArgumentException("cached input tokens exceed the input: " + this);
        }
        if (reasoningTokens > outputTokens) {
            throw new IllegalArgumentException("reasoning tokens exceed the output: " + this);
        }
    }

    /** Plain input and output, no cache and no reasoning reported apart (the gateway's own count). */
    public static TokenUsage of(long inputTokens, long outputTokens) {
        return new TokenUsage(inputTokens, 0, 0, 0, outputTokens, 0);
    }

    /** Input tokens neither read from nor written to the cache. */
    public long uncachedInputTokens() {
        return inputTokens - cacheReadTokens - cacheWrite5mTokens - cacheWrite1hTokens;
    }

    /** Output tokens that are not reasoning. */
    public long visibleOutputTokens() {
        return outputTokens - reasoningTokens;
    }
}
