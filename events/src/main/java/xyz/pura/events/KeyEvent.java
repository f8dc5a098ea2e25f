package xyz.pura.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The life of an API key on {@code pura.keys}. The secret itself never leaves the response that created it. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = KeyEvent.KeyCreated.class, name = "KeyCreated"),
        @JsonSubTypes.Type(value = KeyEvent.KeyUpdated.class, name = "KeyUpdated"),
        @JsonSubTypes.Type(value = KeyEvent.KeyRevoked.class, name = "KeyRevoked")
})
public sealed interface KeyEvent extends PuraEvent {
    int SCHEMA_VERSION = 1;

    String keyId();

    /**
     * @param secretSha256 lowercase hex SHA-256 of the whole key string
     * @param prefix the first 13 characters of the key, for display
     */
    record KeyCreated(int schemaVersion, String eventId, java.time.Instant occurredAt,
                      String keyId, String secretSha256, String prefix, String label,
                      long dailyBudgetNanoUsd) implements KeyEvent {
    }

    record KeyUpdated(int schemaVersion, String eventId, java.time.Instant occurredAt,
                      String keyId, String label, Long dailyBudgetNanoUsd) implements KeyEvent {
    }

    record KeyRevoked(int schemaVersion, String eventId, java.time.Instant occurredAt,
                      String keyId) implements KeyEvent {
    }
}
