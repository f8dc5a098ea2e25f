package xyz.pura.events.embeddings;

import java.util.List;
import java.util.Optional;
import xyz.pura.events.ProviderId;

/**
 * The embedding models the gateway serves, from the providers' model pages: OpenAI's text-embedding-3-small (1,536
 * dimensions, {@code dimensions} from 1), text-embedding-3-large (3,072, from 1) and text-embedding-ada-002 (1,536,
 * no {@code dimensions}); Gemini's gemini-embedding-001 (3,072, {@code outputDimensionality} from 128) and
 * text-embedding-004 (768, from 1). Embedding models are never chat models: the chat router refuses their names, and
 * a vector of one model means nothing next to another's, so an embedding request is never failed over to another
 * model.
 */
public final class EmbeddingModels {
    /** What {@code "model": "auto"} embeds with when OpenAI is available. */
    public static final String DEFAULT_OPENAI = "text-embedding-3-small";
    /** What {@code "auto"} embeds with when OpenAI is not and Gemini is. */
    public static final String DEFAULT_GEMINI = "gemini-embedding-001";

    private static final List<EmbeddingModel> ALL = List.of(
            new EmbeddingModel("text-embedding-3-small", ProviderId.OPENAI, 1536, 1, 2048, true),
            new EmbeddingModel("text-embedding-3-large", ProviderId.OPENAI, 3072, 1, 2048, true),
            new EmbeddingModel("text-embedding-ada-002", ProviderId.OPENAI, 1536, 0, 2048, true),
            new EmbeddingModel("gemini-embedding-001", ProviderId.GEMINI, 3072, 128, 100, false),
            new EmbeddingModel("text-embedding-004", ProviderId.GEMINI, 768, 1, 100, false));

    private EmbeddingModels() {
    }

    /** Every model, OpenAI's first. */
    public static List<EmbeddingModel> all() {
        return ALL;
    }

    /** The model of this exact name. */
    public static Optional<EmbeddingModel> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (EmbeddingModel m : ALL) {
            if (m.id().equals(id)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Whether the name is an embedding model's (which a chat request may not name). */
    public static boolean isEmbeddingModel(String id) {
        return find(id).isPresent();
    }

    /** The names, for messages: {@code text-embedding-3-small, ...}. */
    public static String names() {
        return String.join(", ", ALL.stream().map(EmbeddingModel::id).toList());
    }
}
