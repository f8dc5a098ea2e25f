package xyz.pura.gateway.keys;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.events.KeyEvent;
import xyz.pura.events.Topics;
import xyz.pura.journal.EventPublisher;

/**
 * Makes an existing {@code pura.keys} safe from compaction: topics written before schema version 2 hold
 * change-only KeyUpdated and KeyRevoked records, and once the cleaner keeps only those (the latest per key id), the
 * key's hash is gone and a restarted gateway answers 401 to a key with money on it. Run after the keys feed has
 * caught up, this re-publishes the whole state of every key whose latest record is such a change. Idempotent:
 * several instances may run it at once (each publishes the same state), and a second run finds nothing to do.
 */
public final class KeyStateMigration {
    private static final Logger LOG = LoggerFactory.getLogger(KeyStateMigration.class);

    private KeyStateMigration() {
    }

    /** @return how many keys were re-published; the keys that could not be (broker away) are retried at the next start */
    public static int run(KeyTable table, EventPublisher publisher, Clock clock) {
        List<ApiKey> legacy = table.legacyKeys();
        if (legacy.isEmpty()) {
            return 0;
        }
        int done = 0;
        for (ApiKey key : legacy) {
            KeyEvent state = KeyRecords.stateOf(key, clock.instant());
            if (publisher.publishAcknowledged(Topics.KEYS, key.keyId(), state, 10_000)) {
                table.apply(state);
                done++;
            }
        }
        if (done < legacy.size()) {
            LOG.warn("pura.keys: re-published the whole state of {} of {} keys whose latest record was a change-only "
                    + "record (schema version 1); the rest stay at risk from compaction until the next start", done, legacy.size());
        } else {
            LOG.info("pura.keys: re-published the whole state of {} keys whose latest record was a change-only record "
                    + "(schema version 1), so compaction cannot lose them", done);
        }
        return done;
    }
}
