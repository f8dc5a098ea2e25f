package xyz.pura.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import xyz.pura.events.Json;

/** A plain KafkaConsumer, as any analytics consumer would use, reading a topic's JSON from the beginning. */
public final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<JsonNode> seen = new ArrayList<>();

    public TopicReader(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Polls until {@code count} values matching {@code match} have been read (30 s at most). */
    public List<JsonNode> await(Predicate<JsonNode> match, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                seen.add(parse(r.value()));
            }
            return seen.stream().filter(match).count() >= count;
        });
        return seen.stream().filter(match).toList();
    }

    /** Every record of every Pura topic, from the beginning, as {@code key value} lines (uncommitted ones too). */
    public static List<String> everything(String bootstrapServers) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringDeserializer(), new StringDeserializer())) {
            for (xyz.pura.events.Topic<?> topic : xyz.pura.events.Topics.ALL) {
                List<org.apache.kafka.common.TopicPartition> parts = consumer.partitionsFor(topic.name()).stream()
                        .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
                Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(parts);
                while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        values.add(r.key() + " " + r.value());
                    }
                }
            }
        }
        return values;
    }

    private static JsonNode parse(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
