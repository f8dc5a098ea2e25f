package xyz.pura.ledger.internal;

import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.events.RequestCompleted;

/**
 * Passes each completion event once. The store remembers each event id at its event time for the
 * store's retention; a second record with an id seen within that retention of its own time (a producer
 * retry, a re-published batch, a replayed topic) is dropped. The store is a RocksDB window store whose
 * old segments are deleted as stream time passes, so it holds only a few days of ids.
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
        if (alreadySeen(c.eventId(), ts)) {
            LOG.info("dropping duplicate completion {}", c.eventId());
            return;
        }
        seen.put(c.eventId(), ts, ts);
        context.forward(record);
    }

    private boolean alreadySeen(String eventId, long ts) {
        long from = Math.max(0, ts - retentionMs);
        long to = Math.min(Long.MAX_VALUE - retentionMs, ts) + retentionMs;
        try (WindowStoreIterator<Long> it = seen.fetch(eventId, from, to)) {
            return it.hasNext();
        }
    }
}
