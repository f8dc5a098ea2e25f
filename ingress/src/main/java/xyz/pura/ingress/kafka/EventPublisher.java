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
    /** Records waiting for the broker to return (it was unreachable, or a send failed): sent again, never dropped. */
    private final java.util.concurrent.ConcurrentLinkedDeque<ProducerRecord<String, byte[]>> parked =
            new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final AtomicLong parkedCount = new AtomicLong();
    private final java.util.concurrent.ScheduledExecutorService drainer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("event-drainer").unstarted(r));
    private final AtomicLong failures = new AtomicLong();
    private volatile java.util.function.BooleanSupplier brokerReachable = () -> true;

    private final Spool spool;

    public EventPublisher(String bootstrapServers, String clientId) {
        this(bootstrapServers, clientId, null);
    }

    /** @param spool where unacknowledged billing events survive a crash (null: memory only) */
    public EventPublisher(String bootstrapServers, String clientId, Spool spool) {
        this.spool = spool;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0); // answers wait for their completion's ack: no batching delay
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        // a send blocks at most this long for metadata when the broker has just gone away; it is then parked, not lost
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        if (spool != null) {
            for (ProducerRecord<String, byte[]> r : spool.recover()) {
                parked.addLast(r);
                parkedCount.incrementAndGet();
            }
        }
        drainer.scheduleWithFixedDelay(this::drain, 500, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Hands the event to the producer and returns at once. While the broker is known to be down the record
     * is parked in memory instead (bounded by the caller through {@link #backlog()}), and sent when it returns;
     * a failed send is parked again. Duplicates this may cause carry the same event id and are de-duplicated
     * downstream.
     */
    public <V extends PuraEvent> void publish(Topic<V> topic, String key, V event) {
        ProducerRecord<String, byte[]> record = record(topic, key, event);
        if (!brokerReachable.getAsBoolean()) {
            park(record);
            return;
        }
        send(record);
    }

    private java.util.concurrent.Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        inFlight.incrementAndGet();
        try {
            return producer.send(record, (meta, error) -> {
                inFlight.decrementAndGet();
                if (error != null) {
                    failures.incrementAndGet();
                    LOG.warn("publishing to {} failed ({}); parked until the broker is back", record.topic(), error.toString());
                    park(record);
                }
            });
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            park(record);
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    private void park(ProducerRecord<String, byte[]> record) {
        if (spool != null) {
            spool.append(record);
        }
        parked.addLast(record);
        parkedCount.incrementAndGet();
    }

    private void drain() {
        while (brokerReachable.getAsBoolean()) {
            ProducerRecord<String, byte[]> next = parked.pollFirst();
            if (next == null) {
                if (spool != null && inFlight.get() == 0 && parked.isEmpty()) {
                    spool.clear();
                }
                return;
            }
            parkedCount.decrementAndGet();
            send(next);
        }
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
        java.util.concurrent.Future<RecordMetadata> sent = send(record(topic, key, event));
        try {
            sent.get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{} {} not acknowledged within {} ms; spooled until it is", event.getClass().getSimpleName(),
                    event.eventId(), timeoutMs);
            if (spool != null && e instanceof TimeoutException) {
                spool.append(record(topic, key, event));
            }
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

    /** Records not yet acknowledged by the broker: in the producer, or parked while it is away. */
    public long backlog() {
        return inFlight.get() + parkedCount.get();
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
        drainer.shutdownNow();
        if (!parked.isEmpty()) {
            LOG.error("{} billing events were still waiting for the broker at shutdown", parked.size());
        }
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
