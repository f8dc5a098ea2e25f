package xyz.pura.gateway.keys;

import java.time.Instant;
import java.util.UUID;
import xyz.pura.events.KeyEvent;

/**
 * The whole-state records of a key on {@code pura.keys}: every change is published as the key's state after it,
 * so the record that compaction keeps (the latest per key id) is enough to know the key.
 */
public final class KeyRecords {
    private KeyRecords() {
    }

    /** The key's state as a KeyUpdated (a revoked key stays revoked: its state says so). */
    public static KeyEvent.KeyUpdated updated(ApiKey k, Instant at) {
        return new KeyEvent.KeyUpdated(KeyEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), at, k.keyId(), k.label(),
                k.dailyBudgetNanoUsd(), k.secretSha256(), k.prefix(), k.revoked(), k.freeRequests());
    }

    /** The key's revocation, with its state. */
    public static KeyEvent.KeyRevoked revoked(ApiKey k, Instant at) {
        return new KeyEvent.KeyRevoked(KeyEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), at, k.keyId(),
                k.secretSha256(), k.prefix(), k.label(), k.dailyBudgetNanoUsd(), k.freeRequests());
    }

    /** The record that carries the key's current state: a revocation for a revoked key, else an update. */
    public static KeyEvent stateOf(ApiKey k, Instant at) {
        return k.revoked() ? revoked(k, at) : updated(k, at);
    }

    /** The key with another daily budget. */
    public static ApiKey withBudget(ApiKey k, long dailyBudgetNanoUsd) {
        return new ApiKey(k.keyId(), k.secretSha256(), k.prefix(), k.label(), dailyBudgetNanoUsd, k.revoked(),
                k.freeRequests());
    }
}
