package xyz.pura.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import xyz.pura.events.KeyEvent;

class KeyTableTest {
    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");

    private static KeyEvent.KeyCreated created(String secret) {
        String hash = Secrets.sha256Hex(secret);
        return new KeyEvent.KeyCreated(1, "e-" + hash, NOW, Secrets.keyIdOf(hash), hash, Secrets.displayPrefix(secret),
                "label", 10_000_000_000L);
    }

    @Test
    void shouldGenerateKeysInTheDocumentedShape() {
        String key = Secrets.newKey();
        assertThat(key).matches("pura_[0-9a-f]{48}");
        assertThat(Secrets.looksLikeKey(key)).isTrue();
        assertThat(Secrets.displayPrefix(key)).hasSize(13).startsWith("pura_");
        assertThat(Secrets.newKey()).isNotEqualTo(key);
    }

    @Test
    void shouldAuthenticateByHashAndStoreNoSecret() {
        String secret = Secrets.newKey();
        KeyTable table = new KeyTable();
        KeyEvent.KeyCreated event = created(secret);
        table.apply(event);

        assertThat(table.authenticate(secret)).hasValueSatisfying(k -> assertThat(k.keyId()).isEqualTo(event.keyId()));
        assertThat(event.toString()).doesNotContain(secret);
        assertThat(table.authenticate(Secrets.newKey())).isEmpty();
        assertThat(table.authenticate("not-a-key")).isEmpty();
    }

    @Test
    void shouldStopAuthenticatingARevokedKeyAndApplyBudgetUpdates() {
        String secret = Secrets.newKey();
        KeyTable table = new KeyTable();
        KeyEvent.KeyCreated event = created(secret);
        table.apply(event);
        table.apply(event);

        table.apply(new KeyEvent.KeyUpdated(1, "u1", NOW, event.keyId(), null, 5L));
        assertThat(table.authenticate(secret)).hasValueSatisfying(k -> assertThat(k.dailyBudgetNanoUsd()).isEqualTo(5L));

        table.apply(new KeyEvent.KeyRevoked(1, "r1", NOW, event.keyId()));
        assertThat(table.authenticate(secret)).isEmpty();
    }

    @Test
    void shouldKnowAKeyFromAWholeStateRecordAloneAndMarkLegacyChanges() {
        String secret = Secrets.newKey();
        KeyEvent.KeyCreated c = created(secret);
        KeyTable compacted = new KeyTable();
        compacted.apply(new KeyEvent.KeyUpdated(2, "u2", NOW, c.keyId(), "label", 7L, c.secretSha256(), c.prefix(), false, 0L));
        assertThat(compacted.authenticate(secret)).hasValueSatisfying(k -> {
            assertThat(k.dailyBudgetNanoUsd()).isEqualTo(7L);
            assertThat(k.freeRequests()).isEqualTo(0L);
        });
        compacted.apply(new KeyEvent.KeyRevoked(2, "r2", NOW, c.keyId(), c.secretSha256(), c.prefix(), "label", 7L, 0L));
        assertThat(compacted.authenticate(secret)).isEmpty();
        assertThat(compacted.legacyKeys()).isEmpty();

        KeyTable legacy = new KeyTable();
        legacy.apply(c);
        legacy.apply(new KeyEvent.KeyUpdated(1, "u1", NOW, c.keyId(), null, 5L));
        assertThat(legacy.legacyKeys()).extracting(ApiKey::keyId).containsExactly(c.keyId());
        legacy.apply(KeyRecords.stateOf(legacy.byId(c.keyId()).orElseThrow(), NOW));
        assertThat(legacy.legacyKeys()).isEmpty();
        assertThat(legacy.authenticate(secret)).hasValueSatisfying(k -> assertThat(k.dailyBudgetNanoUsd()).isEqualTo(5L));
    }
}
