package xyz.pura.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventSerdeTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");

    @Test
    void shouldRoundTripEveryKeyEventThroughItsSerde() {
        KeyEvent created = new KeyEvent.KeyCreated(1, "e1", NOW, "key_0123456789abcdef",
                "a".repeat(64), "pura_01234567", "my-agent", 10_000_000_000L);
        KeyEvent revoked = new KeyEvent.KeyRevoked(1, "e2", NOW, "key_0123456789abcdef");
        JsonSerde<KeyEvent> serde = Topics.KEYS.valueSerde();

        assertThat(serde.deserialize("t", serde.serialize("t", created))).isEqualTo(created);
        assertThat(serde.deserialize("t", serde.serialize("t", revoked))).isEqualTo(revoked);
    }

    @Test
    void shouldWriteEventsThatValidateAgainstTheirTopicSchema() throws Exception {
        KeyEvent created = new KeyEvent.KeyCreated(1, "e1", NOW, "key_0123456789abcdef",
                "a".repeat(64), "pura_01234567", "my-agent", 10_000_000_000L);
        RequestAccepted accepted = new RequestAccepted(1, "r1:accepted", NOW, "r1", "key_0123456789abcdef",
                "groq", "llama-3.3-70b-versatile", "cheap", true, 12, 0, "fixed route", false, false);
        RequestCompleted completed = new RequestCompleted(1, "r1:completed", NOW, "r1", "key_0123456789abcdef",
                "groq", "llama-3.3-70b-versatile", "cheap", "ok", 200, null, 41, 7L, true, 12, 30,
                new RequestCompleted.ProviderUsage(12, 30, null, null), 0, "2026-11-25", false, false,
                List.of(new RequestCompleted.Attempt("groq", "llama-3.3-70b-versatile", "ok", 200, 40)));

        assertThat(EventSchemas.validate(Topics.KEYS, Json.mapper().valueToTree(created))).isEmpty();
        assertThat(EventSchemas.validate(Topics.REQUESTS, Json.mapper().valueToTree(accepted))).isEmpty();
        assertThat(EventSchemas.validate(Topics.COMPLETIONS, Json.mapper().valueToTree(completed))).isEmpty();
        assertThat(Json.mapper().valueToTree(completed).get("occurredAt").asText()).isEqualTo("2026-11-25T10:15:30Z");
    }

    @Test
    void shouldRejectAnEventThatBreaksItsSchema() {
        var broken = Json.mapper().createObjectNode().put("type", "KeyCreated").put("keyId", "nope");
        assertThat(EventSchemas.validate(Topics.KEYS, broken)).isNotEmpty();
    }
}
