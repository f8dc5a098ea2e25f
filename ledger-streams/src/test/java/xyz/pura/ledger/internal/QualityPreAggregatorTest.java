package xyz.pura.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.JsonSerde;
import xyz.pura.events.RequestCompleted;

/**
 * Each task sums its provider calls per provider and bucket and forwards the sums on its flush: the
 * repartition to the providers' tasks carries a record per provider and bucket, not one per call.
 */
class QualityPreAggregatorTest {
    private static final Duration BUCKET = Duration.ofSeconds(5);
    private static final long T0 = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();

    private final MockProcessorContext<String, QualityPartial> context = new MockProcessorContext<>();
    private final QualityPreAggregator aggregator = new QualityPreAggregator("partials", BUCKET, Duration.ofSeconds(1));

    @BeforeEach
    void init() {
        KeyValueStore<QualitySumKey, QualityBucket> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("partials"),
                new JsonSerde<>(QualitySumKey.class), new JsonSerde<>(QualityBucket.class)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        aggregator.init(context);
    }

    @Test
    void shouldForwardOneSumPerProviderAndBucketPerFlush() {
        for (int i = 0; i < 50; i++) {
            call("groq", i % 10 == 0 ? "upstream_error" : "ok", 100 + i, T0 + i * 10);
        }
        for (int i = 0; i < 7; i++) {
            call("openai", "ok", 300, T0 + 1_000);
        }
        call("groq", "ok", 900, T0 + BUCKET.toMillis()); // the next bucket

        flush();

        List<Record<String, QualityPartial>> sent = context.forwarded().stream()
                .map(f -> new Record<String, QualityPartial>(f.record().key(), f.record().value(), f.record().timestamp())).toList();
        assertThat(sent).hasSize(3);
        Map<String, QualityPartial> byKey = sent.stream().collect(Collectors.toMap(
                r -> r.key() + "@" + r.value().bucketStartMs(), Record::value));
        QualityBucket groq = byKey.get("groq@" + T0).bucket();
        assertThat(groq.requests()).isEqualTo(50);
        assertThat(groq.failures()).isEqualTo(5);
        assertThat(groq.latencySamples()).isEqualTo(50);
        assertThat(groq.latencySumMs()).isEqualTo(50 * 100 + 49 * 50 / 2);
        assertThat(byKey.get("openai@" + T0).bucket().requests()).isEqualTo(7);
        assertThat(byKey.get("groq@" + (T0 + BUCKET.toMillis())).bucket().requests()).isEqualTo(1);
        assertThat(sent).allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(r.value().bucketStartMs()));
    }

    @Test
    void shouldForwardASumOnlyOnce() {
        call("groq", "ok", 100, T0);
        flush();
        context.resetForwards();

        flush();
        assertThat(context.forwarded()).isEmpty();

        call("groq", "ok", 200, T0 + 1);
        flush();
        assertThat(context.forwarded()).singleElement().satisfies(f -> {
            assertThat(f.record().value().bucket().requests()).isEqualTo(1);
            assertThat(f.record().value().bucket().latencySumMs()).isEqualTo(200);
        });
    }

    private void call(String provider, String status, long latencyMs, long at) {
        RequestCompleted c = new RequestCompleted(RequestCompleted.SCHEMA_VERSION, "e" + System.nanoTime(), Instant.ofEpochMilli(at),
                "r", "key_0123456789abcdef", provider, "m", "cheap", status, 200, null, latencyMs, null, false,
                1, 1, null, 0, "2026-11-25", false, false, List.of());
        aggregator.process(new Record<>("key_0123456789abcdef", c, at));
    }

    private void flush() {
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(System.currentTimeMillis());
    }
}
