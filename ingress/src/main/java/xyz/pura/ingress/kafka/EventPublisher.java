package xyz.pura.ingress.kafka;

import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.events.PuraEvent;
import xyz.pura.events.Topic;

/**
 * Publishes events with an idempotent producer (acks=all). {@link #publish} never waits for the
 * broker: the hot path hands the record to the producer's buffer and goes on. Each record's
 * timestamp is the event's {@code occurredAt}, so downstream windows run on event time.
 */
public final class EventPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile java.util.function.BooleanSupplier brokerReachable = () -> true;

    public EventPublisher(String bootstrapServers, String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0); // answers wait for their completion's ack: no batching delay
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Hands the event to the producer and returns at once; delivery failures are logged and counted. */
    public <V extends PuraEvent> void publish(Topic<V> topic, String key, V event) {
        inFlight.incrementAndGet();
        producer.send(record(topic, key, event), (meta, error) -> {
            inFlight.decrementAndGet();
            if (error != null) {
                failures.incrementAndGet();
                LOG.error("could not publish {} {} to {}: {}", event.getClass().getSimpleName(), event.eventId(),
                        topic.name(), error.toString());
            }
        });
    }

    /**
     * Publishes and waits up to {@code timeoutMs} for the broker's acknowledgement: how a completion is
     * made durable before the client receives the last byte of its answer. On timeout the record stays
     * in the producer's buffer (delivered when the broker returns) and this returns false.
     */
    public <V extends PuraEvent> boolean publishDurably(Topic<V> topic, String key, V event, long timeoutMs) {
        if (!brokerReachable.getAsBoolean()) {
            publish(topic, key, event);
            return false;
        }
        inFlight.incrementAndGet();
        java.util.concurrent.Future<RecordMetadata> sent = producer.send(record(topic, key, event), (meta, error) -> {
            inFlight.decrementAndGet();
            if (error != null) {
                failures.incrementAndGet();
                LOG.error("could not publish {} {} to {}: {}", event.getClass().getSimpleName(), event.eventId(),
                        topic.name(), error.toString());
            }
        });
        try {
            sent.get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{} {} not acknowledged within {} ms; it stays buffered", event.getClass().getSimpleName(),
                    event.eventId(), timeoutMs);
            return false;
        }
    }

    /** Publishes and waits for the broker's acknowledgement (for rare, must-not-lose writes such as key creation). */
    public <V extends PuraEvent> RecordMetadata publishAndWait(Topic<V> topic, String key, V event, long timeoutMs)
            throws ExecutionException, InterruptedException, TimeoutException {
        return producer.send(record(topic, key, event)).get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    private static <V extends PuraEvent> ProducerRecord<String, byte[]> record(Topic<V> topic, String key, V event) {
        Instant at = event.occurredAt();
        return new ProducerRecord<>(topic.name(), null, at.toEpochMilli(), key,
                topic.valueSerde().serialize(topic.name(), event));
    }

    /**
     * While the broker is known to be down, {@link #publishDurably} buffers instead of waiting (the answer
     * is not held hostage to an outage; the event is delivered when the broker returns).
     */
    public void brokerReachable(java.util.function.BooleanSupplier reachable) {
        this.brokerReachable = reachable;
    }

    /** Records handed to the producer and not yet acknowledged. */
    public long backlog() {
        return inFlight.get();
    }

    public long failures() {
        return failures.get();
    }

    public void flush() {
        producer.flush();
    }

    public Map<?, ?> metrics() {
        return producer.metrics();
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
