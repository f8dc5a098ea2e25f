package xyz.pura.events.embeddings;

/**
 * One input of an embedding request: a text, or (OpenAI's models only) the token ids of one.
 *
 * @param text the text, or null for a token array
 * @param tokens the token ids, or null for a text (not copied: a parsed request owns its arrays)
 */
public record EmbeddingInput(String text, int[] tokens) {
    public EmbeddingInput {
        if ((text == null) == (tokens == null)) {
            throw new IllegalArgumentException("an input is a text or a token array");
        }
    }

    public static EmbeddingInput text(String text) {
        return new EmbeddingInput(text, null);
    }

    public static EmbeddingInput tokens(int[] tokens) {
        return new EmbeddingInput(null, tokens);
    }

    public boolean isText() {
        return text != null;
    }
}
