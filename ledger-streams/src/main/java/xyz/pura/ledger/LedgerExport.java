package xyz.pura.ledger;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.Topics;
import xyz.pura.ledger.internal.TopicReader;

/**
 * Ledger entries (debits and credits) booked to the UTC days {@code [from, to]}, read from {@code pura.ledger} itself
 * (committed entries only, each once): the record an export must agree with. Needs only the brokers, not a ledger
 * instance, so it answers for any key from any process. Each call reads every partition from the first record at or
 * after {@code from}'s start minus {@link #LATE_BOOKING} (an entry's day is the key's day when it was booked, which may
 * be later than its event time's: a late completion) to the end the topic has when it starts, and passes the entries
 * whose {@code utcDay} is in range, in ledger order per partition (a key's entries in their {@code sequence}).
 */
public final class LedgerExport {
    /** How far before its booked day an entry's event time may lie and still be found: the dedup retention. */
    public static final Duration LATE_BOOKING = Duration.ofDays(7);

    private final TopicReader reader;
    private final Duration timeout;

    /** @param timeout how long one export may take to read to the topic's end */
    public LedgerExport(String bootstrapServers, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pura-ledger-export");
        this.reader = new TopicReader(p);
        this.timeout = timeout;
    }

    /**
     * Calls {@code each} with every entry of {@code keyId} (null: of every key) booked to a day in {@code [from, to]}.
     * An exception thrown by {@code each} (the client went away) ends the read.
     */
    public void entries(String keyId, LocalDate from, LocalDate to, Consumer<LedgerEntry> each) {
        reader.readSince(Topics.LEDGER, from.atStartOfDay(ZoneOffset.UTC).toInstant().minus(LATE_BOOKING), timeout,
                (key, entry) -> {
                    if (entry != null && (keyId == null || keyId.equals(key)) && entry.utcDay() != null
                            && !entry.utcDay().isBefore(from) && !entry.utcDay().isAfter(to)) {
                        each.accept(entry);
                    }
                });
    }
}
