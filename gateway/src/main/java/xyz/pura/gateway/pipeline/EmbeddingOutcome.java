package xyz.pura.gateway.pipeline;

import java.util.List;
import java.util.Map;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.refusal.Refusal;

/**
 * How an embedding request ended, for its door to render: the headers ({@code X-Pura-*}, as data), and the vectors or
 * a refusal. The completion, when there is one, was published before the outcome was returned.
 */
public sealed interface EmbeddingOutcome {
    Map<String, String> headers();

    /** The request's completion event, or null for a request refused before it was accepted. */
    RequestCompleted completion();

    /**
     * The vectors, for the door to write in OpenAI's {@code list} of {@code embedding}s.
     *
     * @param model the model that embedded them
     * @param vectors one float32 vector per input, in the request's order
     * @param base64 whether the caller asked for {@code encoding_format: "base64"}
     * @param promptTokens the answer's {@code usage.prompt_tokens}: the provider's count, else the gateway's
     * @param pura the {@code pura} object (the same figures as the completion and its ledger entry)
     */
    record Answered(Map<String, String> headers, String model, List<float[]> vectors, boolean base64, int promptTokens,
                    PuraInfo pura, RequestCompleted completion) implements EmbeddingOutcome {
    }

    /** Not answered: the door renders the refusal with these headers. */
    record Refused(Map<String, String> headers, Refusal refusal, RequestCompleted completion) implements EmbeddingOutcome {
    }
}
