package xyz.pura.events.embeddings;

import java.util.List;

/**
 * A validated OpenAI embeddings request ({@code POST /v1/embeddings}).
 *
 * @param model the model asked for, or null for {@code "auto"}
 * @param inputs one or more inputs, in order (the answer's {@code index} is the position here)
 * @param dimensions the vector length asked for, or null for the model's default
 * @param base64 whether the vectors go back as base64 little-endian float32 ({@code encoding_format: "base64"})
 * @param user the caller's end-user id, passed on to OpenAI; null when absent
 */
public record EmbeddingRequest(String model, List<EmbeddingInput> inputs, Integer dimensions, boolean base64, String user) {
    public EmbeddingRequest {
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("an embedding request has at least one input");
        }
    }

    /** Whether any input is a token array. */
    public boolean hasTokenArrays() {
        return inputs.stream().anyMatch(i -> !i.isText());
    }
}
