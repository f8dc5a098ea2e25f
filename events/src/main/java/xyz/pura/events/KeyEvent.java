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
    /** 2: KeyUpdated and KeyRevoked carry the key's whole state; KeyCreated may carry {@code freeRequests}. */
    int SCHEMA_VERSION = 2;

    String keyId();

    /**
     * Whether this record carries the key's whole state (hash, prefix, label, budget, free tier, revoked), so the
     * key survives compaction of {@code pura.keys} (keyed by key id: only a key's latest record is kept) whatever
     * its latest record is. KeyCreated always does; KeyUpdated and KeyRevoked do since schema version 2 (records
     * written before carry only the change, and the ingress re-publishes their keys' state at start).
     */
    default boolean carriesState() {
        return secretSha256() != null;
    }

    /** Lowercase hex SHA-256 of the whole key string; null on a record that carries only a change. */
    String secretSha256();

    /**
     * @param secretSha256 lowercase hex SHA-256 of the whole key string
     * @param prefix the first 13 characters of the key, for display
     * @param freeRequests how many billed requests of this key are free, or null for the gateway's default
     *     ({@code PURA_FREE_REQUESTS}); 0 for a key past its creator's free-tier allowance
     */
    record KeyCreated(int schemaVersion, String eventId, java.time.Instant occurredAt,
                      String keyId, String secretSha256, String prefix, String label,
                      long dailyBudgetNanoUsd, Long freeRequests) implements KeyEvent {
        /** A key with the default free tier. */
        public KeyCreated(int schemaVersion, String eventId, java.time.Instant occurredAt, String keyId,
                          String secretSha256, String prefix, String label, long dailyBudgetNanoUsd) {
            this(schemaVersion, eventId, occurredAt, keyId, secretSha256, prefix, label, dailyBudgetNanoUsd, null);
        }
    }

    /**
     * A change of a key. Since schema version 2 it carries the key's whole state after the change
     * ({@link #carriesState()}); a legacy record carries only {@code label} and/or {@code dailyBudgetNanoUsd}
     * (null: unchanged) and the other fields are null.
     *
     * @param revoked whether the key is revoked (a budget change of a revoked key keeps it revoked); null on legacy records
     */
    record KeyUpdated(int schemaVersion, String eventId, java.time.Instant occurredAt,
                      String keyId, String label, Long dailyBudgetNanoUsd, String secretSha256, String prefix,
                      Boolean revoked, Long freeRequests) implements KeyEvent {
        /** A legacy change-only record (schema version 1). */
        public KeyUpdated(int schemaVersion, String eventId, java.time.Instant occurredAt, String keyId, String label,
                          Long dailyBudgetNanoUsd) {
            this(schemaVersion, eventId, occurredAt, keyId, label, dailyBudgetNanoUsd, null, null, null, null);
        }
    }

    /** A revocation; since schema version 2 with the key's whole state ({@link #carriesState()}), so a revoked key stays revoked. */
    record KeyRevoked(int schemaVersion, String eventId, java.time.Instant occurredAt,
                      String keyId, String secretSha256, String prefix, String label, Long dailyBudgetNanoUsd,
                      Long freeRequests) implements KeyEvent {
        /** A legacy record that names only the key (schema version 1). */
        public KeyRevoked(int schemaVersion, String eventId, java.time.Instant occurredAt, String keyId) {
            this(schemaVersion, eventId, occurredAt, keyId, null, null, null, null, null);
        }
    }
}
