package xyz.pura.ledger.internal;

import java.time.Duration;
import java.util.OptionalLong;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.RequestIds;

/**
 * Passes each completion event once. The store remembers each event id for the store's retention; a
 * second record with an id already seen (a producer retry, a re-published batch, a spool replayed after a
 * crash, a replayed topic) is dropped, whatever its own timestamp. The store is a RocksDB window store
 * whose old segments are deleted as stream time passes, so it holds only a few days of ids.
 *
 * <p>An id made by {@link RequestIds#next} carries the time its request was accepted; the id is stored at
 * that time and looked up there: a point lookup in one segment, which RocksDB answers from its memtable and
 * bloom filters (a range query, as for other ids, opens an iterator and seeks; that was about 3 % of the
 * gateway's CPU under load). Other ids (older, random ones) are stored
 * at their record's time and looked up across the whole retention around it, which costs a seek in every
 * segment.
 */
public final class DedupProcessor implements FixedKeyProcessor<String, RequestCompleted, RequestCompleted> {
    private static final Logger LOG = LoggerFactory.getLogger(DedupProcessor.class);

    private final String storeName;
    private final long retentionMs;
    private FixedKeyProcessorContext<String, RequestCompleted> context;
    private WindowStore<String, Long> seen;

    public DedupProcessor(String storeName, Duration retention) {
        this.storeName = storeName;
        this.retentionMs = retention.toMillis();
    }

    @Override
    public void init(FixedKeyProcessorContext<String, RequestCompleted> context) {
        this.context = context;
        this.seen = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<String, RequestCompleted> record) {
        RequestCompleted c = record.value();
        if (c == null || c.eventId() == null) {
            LOG.warn("dropping a completion without event id at key {}", record.key());
            return;
        }
        long ts = record.timestamp();
        OptionalLong accepted = RequestIds.acceptedAtMillis(c.eventId());
        long at = accepted.orElse(ts);
        boolean duplicate = accepted.isPresent() ? seen.fetch(c.eventId(), at) != null : alreadySeen(c.eventId(),
                Math.max(0, ts - retentionMs), Math.min(Long.MAX_VALUE - retentionMs, ts) + retentionMs);
        if (duplicate) {
            LOG.info("dropping duplicate completion {}", c.eventId());
            return;
        }
        seen.put(c.eventId(), ts, at);
        context.forward(record);
    }

    private boolean alreadySeen(String eventId, long from, long to) {
        try (WindowStoreIterator<Long> it = seen.fetch(eventId, from, to)) {
            return it.hasNext();
        }
    }
}
