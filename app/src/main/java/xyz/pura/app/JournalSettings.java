package xyz.pura.app;

import java.util.Objects;
import xyz.pura.journal.Spool;

/**
 * How billing events are kept on their way to Kafka, and the topics they are kept in.
 *
 * @param spoolSync how far the event spool makes each event durable before the answer goes on (PURA_SPOOL_SYNC):
 *     {@code none} (default; the page cache, which survives a crash of the gateway but not of the machine, like a
 *     Kafka broker's own acknowledgement) or {@code group} (a shared fdatasync; survives power loss)
 * @param maxUnackedEvents billing events the gateway may hold unacknowledged (Kafka down) before it refuses
 *     requests with 503 rather than serve them unbilled (PURA_MAX_UNACKED_EVENTS, 20,000: two per request, within
 *     the producer's 64 MiB buffer)
 * @param partitions partitions of the topics the gateway creates (PURA_TOPIC_PARTITIONS, 3)
 * @param replicationFactor replicas of every topic Pura creates, the ledger's internal ones included
 *     (PURA_TOPIC_REPLICATION_FACTOR); 0, the default: derived from the cluster at start, see {@link #replication}
 * @param minInsyncReplicas their {@code min.insync.replicas} (PURA_TOPIC_MIN_INSYNC_REPLICAS); 0, the default:
 *     the replication factor less one, at least 1
 * @param fixTopics whether the start raises existing topics that are weaker than that (PURA_TOPIC_FIX, false:
 *     they are reported only)
 */
public record JournalSettings(Spool.Sync spoolSync, long maxUnackedEvents, int partitions, int replicationFactor,
                              int minInsyncReplicas, boolean fixTopics) {
    static final String REPLICATION_FACTOR = "PURA_TOPIC_REPLICATION_FACTOR";
    static final String MIN_INSYNC_REPLICAS = "PURA_TOPIC_MIN_INSYNC_REPLICAS";
    static final String FIX = "PURA_TOPIC_FIX";
    /** The most replicas a derived replication factor asks for. */
    static final int DERIVED_MAX_REPLICAS = 3;

    public JournalSettings {
        Objects.requireNonNull(spoolSync, "spoolSync");
        Problems p = new Problems();
        check(partitions, replicationFactor, minInsyncReplicas, p);
        p.throwIfAny();
    }

    /** The replication asked of the topics, decided against the cluster's broker count. */
    public record Replication(short replicationFactor, int minInsyncReplicas) {
    }

    /**
     * What the topics get on a cluster of {@code brokers}: the set values, else a replication factor of
     * min(3, brokers) and a min ISR one less than the replication factor (at least 1); 1 and 1 on one broker, 3 and
     * 2 on three or more.
     *
     * @throws IllegalStateException (the start fails) when the replication factor exceeds the brokers, or the min
     *     ISR the replication factor, naming the variables
     */
    public Replication replication(int brokers) {
        return replication(brokers, false);
    }

    /**
     * @param topicsHoldIt whether every Pura topic already exists with at least the asked replicas: then fewer live
     *     brokers than asked is a broker down, not a wrong setting, and a process may (re)start during it
     */
    public Replication replication(int brokers, boolean topicsHoldIt) {
        int rf = replicationFactor > 0 ? replicationFactor : Math.max(1, Math.min(DERIVED_MAX_REPLICAS, brokers));
        int isr = minInsyncReplicas > 0 ? minInsyncReplicas : Math.max(1, rf - 1);
        if (rf > brokers && !topicsHoldIt) {
            throw new IllegalStateException(REPLICATION_FACTOR + " is " + rf + " but the Kafka cluster has " + brokers
                    + (brokers == 1 ? " broker" : " brokers") + ": a topic cannot have more replicas than brokers. Set "
                    + REPLICATION_FACTOR + " to " + brokers + " or less (or leave it unset to derive it), or start the "
                    + "missing brokers");
        }
        if (isr > rf) {
            throw new IllegalStateException(MIN_INSYNC_REPLICAS + " is " + isr + " but the replication factor is " + rf
                    + (replicationFactor > 0 ? " (" + REPLICATION_FACTOR + ")" : " (derived from " + brokers
                    + (brokers == 1 ? " broker" : " brokers") + "; " + REPLICATION_FACTOR + " is unset)")
                    + ": no write could ever be acknowledged. Set " + MIN_INSYNC_REPLICAS + " to " + rf + " or less");
        }
        return new Replication((short) rf, isr);
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
        long maxUnacked = r.integer("PURA_MAX_UNACKED_EVENTS", (int) d.maxUnackedEvents());
        int partitions = r.integer("PURA_TOPIC_PARTITIONS", d.partitions());
        int rf = r.positiveOrUnset("PURA_TOPIC_REPLICATION_FACTOR", "derived from the cluster");
        int isr = r.positiveOrUnset("PURA_TOPIC_MIN_INSYNC_REPLICAS", "derived from the replication factor");
        boolean fix = r.bool("PURA_TOPIC_FIX", d.fixTopics());
        int before = r.problems().messages().size();
        check(partitions, rf, isr, r.problems());
        if (r.problems().messages().size() > before) {
            return new JournalSettings(spoolSync, maxUnacked, d.partitions(), 0, 0, fix);
        }
        return new JournalSettings(spoolSync, maxUnacked, partitions, rf, isr, fix);
    }

    private static void check(int partitions, int rf, int isr, Problems p) {
        p.check(partitions >= 1, "PURA_TOPIC_PARTITIONS must be 1 or more, not " + partitions);
        p.check(rf >= 0, REPLICATION_FACTOR + " must be 1 or more (unset: derived from the cluster), not " + rf);
        p.check(rf <= Short.MAX_VALUE, REPLICATION_FACTOR + " must be at most " + Short.MAX_VALUE + ", not " + rf);
        p.check(isr >= 0, MIN_INSYNC_REPLICAS + " must be 1 or more (unset: derived from the replication factor), not "
                + isr);
        p.check(rf <= 0 || isr <= rf, MIN_INSYNC_REPLICAS + " (" + isr + ") must not exceed " + REPLICATION_FACTOR + " ("
                + rf + "): no write could ever be acknowledged");
    }

    /** The defaults listed above. */
    public static JournalSettings defaults() {
        return new JournalSettings(Spool.Sync.NONE, 20_000, 3, 0, 0, false);
    }
}
