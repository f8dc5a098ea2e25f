package xyz.pura.events;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** The four upstreams. The wire name (in headers, events and JSON) is the lowercase name. */
public enum ProviderId {
    OPENAI, ANTHROPIC, GROQ, GEMINI;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ProviderId> fromWire(String name) {
        for (ProviderId id : values()) {
            if (id.wireName().equals(name)) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }
}
