package xyz.pura.ledger.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import xyz.pura.events.RequestCompleted;

/**
 * Sums a task's provider calls per provider and quality bucket, and forwards the sums on a wall-clock
 * punctuation, keyed by provider, for the repartition to the provider's task. The repartition used to carry
 * one record per call (a produce, a fetch and two JSON conversions per request); it now carries one per
 * provider and bucket per flush. The sums live in a changelogged store, so under exactly-once a sum is
 * forwarded once: the forward and the store's deletion commit together.
 */
public final class QualityPreAggregator implements Processor<String, RequestCompleted, String, QualityPartial> {
    private final String storeName;
    private final long bucketMs;
    private final Duration flushInterval;
    private ProcessorContext<String, QualityPartial> context;
    private KeyValueStore<QualitySumKey, QualityBucket> partials;

    public QualityPreAggregator(String storeName, Duration bucket, Duration flushInterval) {
        this.storeName = storeName;
        this.bucketMs = bucket.toMillis();
        this.flushInterval = flushInterval;
    }

    @Override
    public void init(ProcessorContext<String, QualityPartial> context) {
        this.context = context;
        this.partials = context.getStateStore(storeName);
        context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    @Override
    public void process(Record<String, RequestCompleted> record) {
        if (record.value() == null) {
            return;
        }
        long start = record.timestamp() - Math.floorMod(record.timestamp(), bucketMs);
        for (QualityObservation o : QualityObservation.of(record.value())) {
            QualitySumKey key = new QualitySumKey(o.provider(), start);
            QualityBucket sum = partials.get(key);
            partials.put(key, (sum == null ? QualityBucket.empty() : sum).plus(o));
        }
    }

    /** Forwards every sum (record time: its bucket's start) and forgets it. */
    void flush() {
        List<KeyValue<QualitySumKey, QualityBucket>> all = new ArrayList<>();
        try (KeyValueIterator<QualitySumKey, QualityBucket> it = partials.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<QualitySumKey, QualityBucket> kv : all) {
            long start = kv.key.bucketStartMs();
            context.forward(new Record<>(kv.key.provider(), new QualityPartial(start, kv.value), start));
            partials.delete(kv.key);
        }
    }
}
