package xyz.pura.ingress.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.events.Topic;

/**
 * Reads a whole topic from the beginning, then follows it, handing every value to a callback: how
 * in-memory tables (keys, spend, weights, quality) are kept. No consumer group: every instance reads
 * every partition. {@link #awaitCaughtUp} returns once the end offsets seen at start are reached.
 */
public final class TopicFeed<V> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFeed.class);

    private final Topic<V> topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Consumer<V> sink;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    public TopicFeed(String bootstrapServers, Topic<V> topic, Consumer<V> sink) {
        this.topic = topic;
        this.sink = sink;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pura-feed-" + topic.name());
        // Kafka's fetch defaults (answer as soon as there is a byte, else after 500 ms): the feeds read topics that
        // are quiet (keys, wallet, weights) or written by the ledger's transactions in bursts at each commit (spend,
        // quality), so they batch by themselves; a short max wait only made every idle feed poll the broker 50
        // times a second (about 30 % of a core on an idle gateway, with the ledger's consumers).
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = Thread.ofPlatform().daemon().name("feed-" + topic.name()).unstarted(this::run);
    }

    public TopicFeed<V> start() {
        thread.start();
        return this;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(60)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    apply(record);
                }
                if (caughtUp.getCount() > 0 && end.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("feed of {} stopped: {}", topic.name(), e.toString());
            }
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        V value;
        try {
            value = topic.valueSerde().deserialize(topic.name(), record.value());
        } catch (RuntimeException e) {
            LOG.warn("skipping unreadable record at {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        if (value != null) {
            sink.accept(value);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
