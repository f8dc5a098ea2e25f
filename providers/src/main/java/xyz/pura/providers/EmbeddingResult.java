package xyz.pura.providers;

import java.util.List;

/**
 * What an embedding provider answered.
 *
 * @param vectors one float32 vector per input, in the request's order
 * @param promptTokens the input tokens the provider reported (OpenAI's {@code usage.prompt_tokens}), or null when it
 *     reports none (Gemini)
 */
public record EmbeddingResult(List<float[]> vectors, Integer promptTokens) {
    public EmbeddingResult {
        vectors = List.copyOf(vectors);
    }
}
