package xyz.pura.ingress.keys;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import xyz.pura.events.KeyEvent;

/**
 * The in-memory key table, fed from {@code pura.keys}: looks a presented key up by its SHA-256.
 * Applying the same event twice is harmless.
 */
public final class KeyTable {
    private final Map<String, ApiKey> byHash = new ConcurrentHashMap<>();
    private final Map<String, ApiKey> byId = new ConcurrentHashMap<>();

    public void apply(KeyEvent event) {
        switch (event) {
            case KeyEvent.KeyCreated c -> put(new ApiKey(c.keyId(), c.secretSha256(), c.prefix(), c.label(),
                    c.dailyBudgetNanoUsd(), false));
            case KeyEvent.KeyUpdated u -> byId.computeIfPresent(u.keyId(), (id, k) -> {
                ApiKey updated = new ApiKey(k.keyId(), k.secretSha256(), k.prefix(),
                        u.label() != null ? u.label() : k.label(),
                        u.dailyBudgetNanoUsd() != null ? u.dailyBudgetNanoUsd() : k.dailyBudgetNanoUsd(), k.revoked());
                byHash.put(k.secretSha256(), updated);
                return updated;
            });
            case KeyEvent.KeyRevoked r -> byId.computeIfPresent(r.keyId(), (id, k) -> {
                ApiKey revoked = new ApiKey(k.keyId(), k.secretSha256(), k.prefix(), k.label(), k.dailyBudgetNanoUsd(), true);
                byHash.put(k.secretSha256(), revoked);
                return revoked;
            });
        }
    }

    private void put(ApiKey key) {
        byHash.put(key.secretSha256(), key);
        byId.put(key.keyId(), key);
    }

    /** The live (not revoked) key with this secret. */
    public Optional<ApiKey> authenticate(String presentedKey) {
        if (!Secrets.looksLikeKey(presentedKey)) {
            return Optional.empty();
        }
        ApiKey key = byHash.get(Secrets.sha256Hex(presentedKey));
        return key == null || key.revoked() ? Optional.empty() : Optional.of(key);
    }

    public Optional<ApiKey> byId(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    public Collection<ApiKey> all() {
        return byId.values();
    }
}
