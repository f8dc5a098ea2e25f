package xyz.pura.events.embeddings;

import xyz.pura.events.ProviderId;
import xyz.pura.events.chat.InvalidRequestException;

/**
 * One embedding model the gateway serves on {@code POST /v1/embeddings}: who serves it and the shape of its vectors.
 *
 * @param id the model's name, as the caller and the provider spell it
 * @param defaultDimensions the length of its vectors when the request sets no {@code dimensions}
 * @param minDimensions the smallest {@code dimensions} it takes; 0 when it takes none (its vectors have one length)
 * @param maxInputsPerCall the most inputs one upstream call may carry (OpenAI 2,048; Gemini's batchEmbedContents 100)
 * @param takesTokenArrays whether an input may be an array of token ids (OpenAI's tokenizer; Gemini takes text only)
 */
public record EmbeddingModel(String id, ProviderId provider, int defaultDimensions, int minDimensions, int maxInputsPerCall,
                             boolean takesTokenArrays) {

    /** Whether the model takes {@code dimensions} at all. */
    public boolean takesDimensions() {
        return minDimensions > 0;
    }

    /**
     * The vector length an answer has for the request's {@code dimensions} (null: the default), or a 400 naming
     * {@code dimensions} when this model does not take it or not that value.
     */
    public int dimensionsFor(Integer requested) {
        if (requested == null) {
            return defaultDimensions;
        }
        if (!takesDimensions()) {
            throw new InvalidRequestException("The model '" + id + "' does not take 'dimensions': its vectors always have "
                    + defaultDimensions + " dimensions.", "dimensions", "unsupported_parameter");
        }
        if (requested < minDimensions || requested > defaultDimensions) {
            throw new InvalidRequestException("'dimensions' must be between " + minDimensions + " and " + defaultDimensions
                    + " for the model '" + id + "'.", "dimensions", "invalid_value");
        }
        return requested;
    }
}
