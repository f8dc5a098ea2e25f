package xyz.pura.ledger.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import xyz.pura.events.Topic;

/**
 * Reads a whole topic, from the beginning to the end it has when reading starts, with a plain consumer
 * in {@code read_committed} mode (no consumer group, nothing committed).
 */
public final class TopicReader {
    private final Properties base;

    public TopicReader(Properties consumerProperties) {
        this.base = new Properties();
        base.putAll(consumerProperties);
        base.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        base.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        base.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        base.remove(ConsumerConfig.GROUP_ID_CONFIG);
    }

    /** Calls {@code each} with every committed record's key and value in partition order. */
    public <V> void readAll(Topic<V> topic, Duration timeout, BiConsumer<String, V> each) {
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(base, new StringDeserializer(), topic.valueSerde())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (!caughtUp(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("did not read " + topic.name() + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        each.accept(r.key(), r.value());
                    }
                }
            }
        }
    }

    /**
     * Calls {@code each} with every committed record whose timestamp may be {@code since} or later, in partition
     * order: each partition is read from its first record at or after {@code since} (Kafka's time index) to the end
     * it has when reading starts. Later records with earlier timestamps are passed too; the caller filters.
     */
    public <V> void readSince(Topic<V> topic, Instant since, Duration timeout, BiConsumer<String, V> each) {
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(base, new StringDeserializer(), topic.valueSerde())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> at = new java.util.HashMap<>();
            partitions.forEach(p -> at.put(p, since.toEpochMilli()));
            consumer.offsetsForTimes(at, timeout).forEach((p, found) -> consumer.seek(p, found == null ? end.get(p) : found.offset()));
            while (!caughtUp(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("did not read " + topic.name() + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        each.accept(r.key(), r.value());
                    }
                }
            }
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
