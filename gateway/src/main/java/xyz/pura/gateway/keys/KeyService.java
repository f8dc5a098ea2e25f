package xyz.pura.gateway.keys;

import java.time.Clock;
import java.util.UUID;
import xyz.pura.events.KeyEvent;
import xyz.pura.events.Topics;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;
import xyz.pura.journal.EventPublisher;

/** Creates keys: the secret is returned once; only its SHA-256 goes to {@code pura.keys}. */
public final class KeyService {
    private final EventPublisher publisher;
    private final KeyTable table;
    private final Clock clock;

    public KeyService(EventPublisher publisher, KeyTable table, Clock clock) {
        this.publisher = publisher;
        this.table = table;
        this.clock = clock;
    }

    public record Created(String key, ApiKey record) {
    }

    /** A key with the default free tier. */
    public Created create(String label, long dailyBudgetNanoUsd) {
        return create(label, dailyBudgetNanoUsd, null);
    }

    /**
     * Waits for the broker's acknowledgement: a key the caller has seen must survive a restart.
     *
     * @param freeRequests the key's free requests, or null for the gateway's default
     */
    public Created create(String label, long dailyBudgetNanoUsd, Long freeRequests) {
        String secret = Secrets.newKey();
        String hash = Secrets.sha256Hex(secret);
        String keyId = Secrets.keyIdOf(hash);
        KeyEvent.KeyCreated event = new KeyEvent.KeyCreated(KeyEvent.SCHEMA_VERSION, UUID.randomUUID().toString(),
                clock.instant(), keyId, hash, Secrets.displayPrefix(secret), label, dailyBudgetNanoUsd, freeRequests);
        try {
            publisher.publishAndWait(Topics.KEYS, keyId, event, 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (Exception e) {
            throw unavailable();
        }
        table.apply(event);
        return new Created(secret, table.byId(keyId).orElseThrow());
    }

    private static Refused unavailable() {
        return new Refused(new Refusal.Unavailable("event_log_unavailable", "The key could not be stored right now; nothing was created. Try again shortly."));
    }
}
