package xyz.pura.ledger.internal;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import xyz.pura.events.LedgerEntry;

/**
 * Keeps the last {@link RecentEntries#CAPACITY} ledger entries of each key (a ring of slots per key, see
 * {@link RecentEntries}) and passes every entry on unchanged. One small write per entry, whatever the
 * history's length.
 */
public final class RecentEntriesProcessor implements FixedKeyProcessor<String, LedgerEntry, LedgerEntry> {
    private final String storeName;
    private FixedKeyProcessorContext<String, LedgerEntry> context;
    private KeyValueStore<String, LedgerEntry> recent;

    public RecentEntriesProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, LedgerEntry> context) {
        this.context = context;
        this.recent = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<String, LedgerEntry> record) {
        LedgerEntry e = record.value();
        if (e != null) {
            recent.put(RecentEntries.slotKey(record.key(), e.sequence()), e);
        }
        context.forward(record);
    }
}
