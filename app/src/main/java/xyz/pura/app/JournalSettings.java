package xyz.pura.app;

import java.util.Objects;
import xyz.pura.journal.Spool;

/**
 * How billing events are kept on their way to Kafka.
 *
 * @param spoolSync how far the event spool makes each event durable before the answer goes on (PURA_SPOOL_SYNC):
 *     {@code none} (default; the page cache, which survives a crash of the gateway but not of the machine, like a
 *     Kafka broker's own acknowledgement) or {@code group} (a shared fdatasync; survives power loss)
 * @param maxUnackedEvents billing events the gateway may hold unacknowledged (Kafka down) before it refuses
 *     requests with 503 rather than serve them unbilled (PURA_MAX_UNACKED_EVENTS, 20,000: two per request, within
 *     the producer's 64 MiB buffer)
 * @param partitions partitions of the topics the gateway creates (PURA_TOPIC_PARTITIONS, 3)
 */
public record JournalSettings(Spool.Sync spoolSync, long maxUnackedEvents, int partitions) {

    public JournalSettings {
        Objects.requireNonNull(spoolSync, "spoolSync");
    }

    static JournalSettings read(EnvReader r) {
        JournalSettings d = defaults();
        String sync = r.raw("PURA_SPOOL_SYNC");
        Spool.Sync spoolSync = r.of(() -> {
            try {
                return Spool.Sync.parse(sync);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PURA_SPOOL_SYNC must be none or group, not " + sync);
            }
        }, d.spoolSync());
        return new JournalSettings(spoolSync, r.integer("PURA_MAX_UNACKED_EVENTS", (int) d.maxUnackedEvents()),
                r.integer("PURA_TOPIC_PARTITIONS", d.partitions()));
    }

    /** The defaults listed above. */
    public static JournalSettings defaults() {
        return new JournalSettings(Spool.Sync.NONE, 20_000, 3);
    }
}
