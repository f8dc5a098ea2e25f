package xyz.pura.ledger.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import xyz.pura.events.QualityScore;

/**
 * Adds each provider's pre-aggregated calls ({@link QualityPreAggregator}) into its short event-time buckets
 * (a RocksDB window store), and on a
 * wall-clock punctuation emits every provider seen in the last two hours with its windows ending now: so
 * a provider's score also decays when its traffic stops.
 */
public final class QualityProcessor implements Processor<String, QualityPartial, String, QualityScore> {
    static final Duration[] WINDOWS = {Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1)};
    /** Providers without calls for this long are no longer emitted. */
    public static final Duration HORIZON = Duration.ofHours(2);

    private final String storeName;
    private final Duration emitInterval;
    private ProcessorContext<String, QualityScore> context;
    private WindowStore<String, QualityBucket> buckets;

    public QualityProcessor(String storeName, Duration emitInterval) {
        this.storeName = storeName;
        this.emitInterval = emitInterval;
    }

    @Override
    public void init(ProcessorContext<String, QualityScore> context) {
        this.context = context;
        this.buckets = context.getStateStore(storeName);
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, this::emit);
    }

    @Override
    public void process(Record<String, QualityPartial> record) {
        long start = record.value().bucketStartMs();
        QualityBucket bucket = buckets.fetch(record.key(), start);
        buckets.put(record.key(), bucket == null ? record.value().bucket() : bucket.plus(record.value().bucket()), start);
    }

    /** Emits the scores of every provider seen within {@link #HORIZON} of {@code nowMs}. */
    void emit(long nowMs) {
        Map<String, QualityBucket[]> byProvider = new LinkedHashMap<>();
        try (KeyValueIterator<Windowed<String>, QualityBucket> it =
                     buckets.fetchAll(Math.max(0, nowMs - HORIZON.toMillis()), nowMs)) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, QualityBucket> kv = it.next();
                QualityBucket[] sums = byProvider.computeIfAbsent(kv.key.key(), p -> emptySums());
                long start = kv.key.window().start();
                for (int i = 0; i < WINDOWS.length; i++) {
                    if (start > nowMs - WINDOWS[i].toMillis()) {
                        sums[i] = sums[i].plus(kv.value);
                    }
                }
            }
        }
        Instant end = Instant.ofEpochMilli(nowMs);
        byProvider.forEach((provider, sums) -> context.forward(new Record<>(provider, new QualityScore(
                QualityScore.SCHEMA_VERSION, "quality:" + provider + ":" + nowMs, end, provider,
                window(sums[0], WINDOWS[0], end), window(sums[1], WINDOWS[1], end), window(sums[2], WINDOWS[2], end)),
                nowMs)));
    }

    private static QualityBucket[] emptySums() {
        QualityBucket[] sums = new QualityBucket[WINDOWS.length];
        java.util.Arrays.fill(sums, QualityBucket.empty());
        return sums;
    }

    static QualityScore.Window window(QualityBucket b, Duration length, Instant end) {
        Double successRate = b.requests() == 0 ? null : (double) (b.requests() - b.failures()) / b.requests();
        Long avg = b.latencySamples() == 0 ? null
                : Math.floorDiv(2 * b.latencySumMs() + b.latencySamples(), 2 * b.latencySamples());
        Long p95 = LatencyHistogram.percentile(b.latencies(), b.latencySamples(), 95);
        return new QualityScore.Window(length.toSeconds(), b.requests(), b.failures(), successRate, avg, p95, end);
    }
}
