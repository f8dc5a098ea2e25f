package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.BackdatedKey;
import xyz.pura.app.testing.TestBroker;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.app.testing.TopicReader;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.RequestIds;
import xyz.pura.events.Topics;

/**
 * A key's spend view reaches {@code pura.spend} once per ledger commit, carrying every debit booked before it, not
 * once per debit: a burst of a hot key's completions becomes a few views, the last of which has the whole burst.
 */
class SpendViewsAtCommitTest {
    private static final int BURST = 300;
    private static final long COST = 12_345L;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldSendAHotKeysLatestViewAtEachCommitInsteadOfOnePerDebit() throws Exception {
        // given a key and a burst of its completions, produced at once (one batch, as a busy ingress sends them)
        Instant now = Instant.now();
        BackdatedKey key = BackdatedKey.publish("hot-key", now);
        try (KafkaProducer<String, RequestCompleted> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 50), new StringSerializer(), Topics.COMPLETIONS.valueSerde().serializer())) {
            for (int i = 0; i < BURST; i++) {
                String requestId = RequestIds.next(now.toEpochMilli());
                var usage = new RequestCompleted.ProviderUsage(10, 5, 0, 0);
                producer.send(new ProducerRecord<>(Topics.COMPLETIONS.name(), null, now.toEpochMilli(), key.keyId(),
                        new RequestCompleted(1, RequestCompleted.eventIdFor(requestId), now, requestId, key.keyId(), "openai",
                                "gpt-4o-mini", "cheap", "ok", 200, null, 3, null, false, 10, 5, usage, COST, "2026-12-07.1",
                                false, false, List.of(), RequestCompleted.USAGE_PROVIDER, null, "/v1/chat/completions")));
            }
            producer.flush();
            producer.close();
        }

        // when the ledger has booked them all
        try (TopicReader spend = new TopicReader(TestBroker.bootstrapServers(), Topics.SPEND.name())) {
            List<JsonNode> views = spend.await(v -> key.keyId().equals(v.path("keyId").asText())
                    && v.path("ledgerSequence").asLong() == BURST, 1);
            List<JsonNode> all = spend.await(v -> key.keyId().equals(v.path("keyId").asText()), 1);

            // then the last view holds the whole burst, and far fewer views than debits were written
            JsonNode last = views.getLast();
            assertThat(last.get("spentTodayNanoUsd").asLong()).isEqualTo(BURST * COST);
            assertThat(last.get("requestsToday").asLong()).isEqualTo(BURST);
            assertThat(all.size()).as("spend views for %d debits", BURST).isLessThan(BURST / 3);
            // and the sequence only grows from view to view
            long previous = -1;
            for (JsonNode v : all) {
                assertThat(v.get("ledgerSequence").asLong()).isGreaterThan(previous);
                previous = v.get("ledgerSequence").asLong();
            }
        }
    }
}
