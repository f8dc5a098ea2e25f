package xyz.pura.gateway.keys;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import xyz.pura.events.KeyEvent;

/**
 * The in-memory key table, fed from {@code pura.keys}: looks a presented key up by its SHA-256.
 * Applying the same event twice is harmless.
 *
 * <p>{@code pura.keys} is compacted by key id, so after the cleaner runs only a key's latest record is left. A
 * record that carries the key's whole state ({@link KeyEvent#carriesState()}) is applied as that state even when
 * the key is not known yet (its KeyCreated compacted away). A legacy change-only record is applied to the key it
 * changes, and the key is remembered as {@link #legacyKeys() legacy} until a whole-state record of it arrives:
 * {@link KeyStateMigration} re-publishes those keys' state so the next compaction cannot lose them.
 */
public final class KeyTable {
    private final Map<String, ApiKey> byHash = new ConcurrentHashMap<>();
    private final Map<String, ApiKey> byId = new ConcurrentHashMap<>();
    private final Set<String> legacy = ConcurrentHashMap.newKeySet();

    public void apply(KeyEvent event) {
        switch (event) {
            case KeyEvent.KeyCreated c -> put(new ApiKey(c.keyId(), c.secretSha256(), c.prefix(), c.label(),
                    c.dailyBudgetNanoUsd(), false, c.freeRequests()));
            case KeyEvent.KeyUpdated u when u.carriesState() -> put(new ApiKey(u.keyId(), u.secretSha256(), u.prefix(),
                    u.label(), budgetOf(u.dailyBudgetNanoUsd(), u.keyId()), Boolean.TRUE.equals(u.revoked()), u.freeRequests()));
            case KeyEvent.KeyRevoked r when r.carriesState() -> put(new ApiKey(r.keyId(), r.secretSha256(), r.prefix(),
                    r.label(), budgetOf(r.dailyBudgetNanoUsd(), r.keyId()), true, r.freeRequests()));
            case KeyEvent.KeyUpdated u -> change(u.keyId(), k -> new ApiKey(k.keyId(), k.secretSha256(), k.prefix(),
                    u.label() != null ? u.label() : k.label(),
                    u.dailyBudgetNanoUsd() != null ? u.dailyBudgetNanoUsd() : k.dailyBudgetNanoUsd(), k.revoked(),
                    k.freeRequests()));
            case KeyEvent.KeyRevoked r -> change(r.keyId(), k -> new ApiKey(k.keyId(), k.secretSha256(), k.prefix(),
                    k.label(), k.dailyBudgetNanoUsd(), true, k.freeRequests()));
        }
    }

    /** A whole-state record's budget; one without (never written so) keeps what the table knows. */
    private long budgetOf(Long budget, String keyId) {
        if (budget != null) {
            return budget;
        }
        ApiKey known = byId.get(keyId);
        return known == null ? 0 : known.dailyBudgetNanoUsd();
    }

    private void change(String keyId, java.util.function.UnaryOperator<ApiKey> change) {
        byId.computeIfPresent(keyId, (id, k) -> {
            ApiKey changed = change.apply(k);
            byHash.put(k.secretSha256(), changed);
            legacy.add(id);
            return changed;
        });
    }

    private void put(ApiKey key) {
        byId.compute(key.keyId(), (id, old) -> {
            if (old != null && !old.secretSha256().equals(key.secretSha256())) {
                byHash.remove(old.secretSha256());
            }
            byHash.put(key.secretSha256(), key);
            legacy.remove(id);
            return key;
        });
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

    /** The keys whose latest record on {@code pura.keys} carries only a change (compaction would lose them). */
    public List<ApiKey> legacyKeys() {
        return legacy.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }
}
