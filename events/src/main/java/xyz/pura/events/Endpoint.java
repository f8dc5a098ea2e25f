package xyz.pura.events;

/**
 * The front door a request came in through, as {@code endpoint} on {@code pura.completions} and {@code pura.ledger}
 * names it: the door's path, so a report reads without a legend.
 */
public enum Endpoint {
    /** OpenAI chat completions. */
    CHAT_COMPLETIONS("/v1/chat/completions"),
    /** Pura's own chat door (SSE unless {@code "stream": false}). */
    PURA_CHAT("/api/chat"),
    /** OpenAI Responses API. */
    RESPONSES("/v1/responses"),
    /** Anthropic Messages API. */
    MESSAGES("/v1/messages"),
    /** OpenAI embeddings. */
    EMBEDDINGS("/v1/embeddings");

    /** What events written before {@code endpoint} existed report as their endpoint. */
    public static final String UNRECORDED = "unrecorded";

    private final String wireName;

    Endpoint(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The endpoint of an event's field, or {@link #UNRECORDED} for an event without one. */
    public static String orUnrecorded(String wireName) {
        return wireName == null ? UNRECORDED : wireName;
    }
}
