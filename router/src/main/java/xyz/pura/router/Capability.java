package xyz.pura.router;

/**
 * What a request may need of a model beyond text and tools, and a catalog model states it takes (the catalog's
 * {@code takes}, as the gateway's translation to that provider serves it, not only as the provider's own API does).
 * The router only picks, and the plan only falls back to, models that take everything a request needs; a request
 * that no available model can serve is refused with a 400 that names the need ({@link #param()}).
 */
public enum Capability {
    IMAGES("images", "image content parts", "messages"),
    AUDIO("audio", "audio content parts (input_audio)", "messages"),
    PDF("pdf", "file content parts (PDF)", "messages"),
    MULTIPLE_CHOICES("n", "more than one choice ('n' above 1)", "n"),
    LOGPROBS("logprobs", "token log probabilities ('logprobs' or 'top_logprobs')", "logprobs"),
    REASONING("reasoning", "a reasoning effort ('reasoning_effort')", "reasoning_effort");

    private final String wireName;
    private final String what;
    private final String param;

    Capability(String wireName, String what, String param) {
        this.wireName = wireName;
        this.what = what;
        this.param = param;
    }

    /** The name in the catalog's {@code takes} list. */
    public String wireName() {
        return wireName;
    }

    /** What it is, for people. */
    public String what() {
        return what;
    }

    /** The request field that asks for it. */
    public String param() {
        return param;
    }

    public static Capability ofWire(String name) {
        for (Capability c : values()) {
            if (c.wireName.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown capability '" + name + "'");
    }
}
