package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestBroker;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.events.KeyEvent;
import xyz.pura.events.Topics;
import xyz.pura.gateway.keys.KeyTable;

/**
 * {@code pura.keys} is compacted by key id: once the cleaner has run, only each key's latest record is left. A
 * gateway that restarts then must still know every key, with its budget and whether it is revoked. Compaction is
 * simulated exactly as Kafka guarantees it (the latest record per key id, in offset order) over the records the
 * real gateway wrote to the real broker, and replayed into a fresh key table, as a restarted instance would.
 */
class KeyCompactionTest {
    private static final String ADMIN = "admin-token-compaction-0123456789";

    @Test
    void shouldKnowEveryKeyFromItsLatestRecordAlone() {
        try (TestGateway gateway = TestGateway.start(Map.of("PURA_ADMIN_TOKEN", ADMIN))) {
            String budgeted = gateway.createKey("budget changed");
            String revoked = gateway.createKey("revoked");
            String revokedThenBudgeted = gateway.createKey("revoked, then budget changed");
            String budgetedId = keyIdOf(gateway, budgeted);
            String revokedId = keyIdOf(gateway, revoked);
            String bothId = keyIdOf(gateway, revokedThenBudgeted);
            assertThat(gateway.post("/api/admin/keys/" + budgetedId + "/budget", ADMIN, "{\"dailyBudgetUsd\":\"3.25\"}").statusCode())
                    .isEqualTo(200);
            assertThat(gateway.post("/api/admin/keys/" + revokedId + "/revoke", ADMIN, "").statusCode()).isEqualTo(200);
            assertThat(gateway.post("/api/admin/keys/" + bothId + "/revoke", ADMIN, "").statusCode()).isEqualTo(200);
            assertThat(gateway.post("/api/admin/keys/" + bothId + "/budget", ADMIN, "{\"dailyBudgetUsd\":\"7\"}").statusCode())
                    .isEqualTo(200);

            KeyTable restarted = replay(compacted(keyRecords()));

            assertThat(restarted.authenticate(budgeted)).as("the key whose budget an admin changed")
                    .hasValueSatisfying(k -> assertThat(k.dailyBudgetNanoUsd()).isEqualTo(3_250_000_000L));
            assertThat(restarted.authenticate(revoked)).as("a revoked key").isEmpty();
            assertThat(restarted.byId(revokedId)).hasValueSatisfying(k -> assertThat(k.revoked()).isTrue());
            assertThat(restarted.authenticate(revokedThenBudgeted)).as("a revoked key whose budget changed after").isEmpty();
            assertThat(restarted.byId(bothId)).hasValueSatisfying(k -> {
                assertThat(k.revoked()).isTrue();
                assertThat(k.dailyBudgetNanoUsd()).isEqualTo(7_000_000_000L);
            });
        }
    }

    /**
     * A topic written before whole-state records holds change-only KeyUpdated records; the gateway re-publishes those
     * keys' state at start, so the next compaction cannot lose them.
     */
    @Test
    void shouldRepublishTheStateOfKeysWhoseLatestRecordIsALegacyChange() {
        String key;
        String keyId;
        try (TestGateway before = TestGateway.start(Map.of("PURA_ADMIN_TOKEN", ADMIN))) {
            key = before.createKey("written before the migration");
            keyId = keyIdOf(before, key);
        }
        publish(new KeyEvent.KeyUpdated(1, "legacy-" + keyId, Instant.now(), keyId, null, 4_000_000_000L));
        assertThat(replay(compacted(keyRecords())).authenticate(key)).as("lost to compaction before the migration").isEmpty();

        try (TestGateway after = TestGateway.start(Map.of("PURA_ADMIN_TOKEN", ADMIN))) {
            KeyTable restarted = replay(compacted(keyRecords()));
            assertThat(restarted.authenticate(key)).as("known from its latest record after the migration")
                    .hasValueSatisfying(k -> assertThat(k.dailyBudgetNanoUsd()).isEqualTo(4_000_000_000L));
            var listed = TestGateway.json(after.get("/api/admin/keys", ADMIN).body()).path("data");
            assertThat(listed.findValues("keyId").stream().map(n -> n.asText()).toList()).contains(keyId);
            for (var k : listed) {
                if (k.path("keyId").asText().equals(keyId)) {
                    assertThat(new java.math.BigDecimal(k.path("dailyBudgetUsd").asText())).isEqualByComparingTo("4");
                }
            }
        }
    }

    private static String keyIdOf(TestGateway gateway, String key) {
        return TestGateway.json(gateway.get("/api/report", key).body()).path("keyId").asText();
    }

    /** Every record of pura.keys on the shared broker, in offset order per partition. */
    private static List<ConsumerRecord<String, String>> keyRecords() {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", TestBroker.bootstrapServers(),
                "isolation.level", "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(Topics.KEYS.name()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** What the log cleaner leaves: the latest record of each key. */
    private static List<String> compacted(List<ConsumerRecord<String, String>> records) {
        Map<String, String> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            latest.remove(r.key());
            latest.put(r.key(), r.value());
        }
        return List.copyOf(latest.values());
    }

    private static KeyTable replay(List<String> values) {
        KeyTable table = new KeyTable();
        for (String value : values) {
            table.apply(Topics.KEYS.valueSerde().deserializer().deserialize(Topics.KEYS.name(),
                    value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return table;
    }

    private static void publish(KeyEvent event) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers()), new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.KEYS.name(), event.keyId(),
                    Topics.KEYS.valueSerde().serializer().serialize(Topics.KEYS.name(), event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
