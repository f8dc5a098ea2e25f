package xyz.pura.journal;

import java.io.IOException;
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
 * Publishes events with an idempotent producer (acks=all). With a {@link Spool} every event is first
 * appended to it (the write-ahead journal) and then handed to the producer; {@link #publish} never waits for
 * the broker, and the event survives a crash of the process until Kafka acknowledges it. While the broker is
 * away, events are parked in memory (and stay in the spool) and sent when it returns; a failed send is parked
 * again. Each record's timestamp is the event's {@code occurredAt}, so downstream windows run on event time.
 */
public final class EventPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    /** How long an event that the spool could not take waits for Kafka before the caller goes on. */
    private static final long UNSPOOLED_ACK_TIMEOUT_MS = 5_000;

    /** A record on its way to Kafka and, when spooled, its journal entry. */
    private record Pending(ProducerRecord<String, byte[]> record, Spool.Entry entry) {
    }

    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong inFlight = new AtomicLong();
    private final java.util.concurrent.ConcurrentLinkedDeque<Pending> parked = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final AtomicLong parkedCount = new AtomicLong();
    private final java.util.concurrent.ScheduledExecutorService drainer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("event-drainer").unstarted(r));
    private final AtomicLong failures = new AtomicLong();
    private volatile java.util.function.BooleanSupplier brokerReachable = () -> true;

    private final Spool spool;
    private final Quarantine quarantine;
    /** When the last "publishing failed" line was logged, and the failures since, so a broker outage logs a few lines. */
    private final AtomicLong lastFailureLogMs = new AtomicLong();
    private final AtomicLong unloggedFailures = new AtomicLong();
    private static final long FAILURE_LOG_INTERVAL_MS = 10_000;

    public EventPublisher(String bootstrapServers, String clientId) {
        this(bootstrapServers, clientId, null);
    }

    /** @param spool the write-ahead journal of every published event (null: memory only, for tests and tools) */
    public EventPublisher(String bootstrapServers, String clientId, Spool spool) {
        this(bootstrapServers, clientId, spool, new Quarantine(spool == null ? null : spool.dir().resolve("quarantine")));
    }

    /** @param quarantine where events Kafka can never take are set aside */
    public EventPublisher(String bootstrapServers, String clientId, Spool spool, Quarantine quarantine) {
        this.spool = spool;
        this.quarantine = quarantine;
        producer = new KafkaProducer<>(producerProperties(bootstrapServers, clientId), new StringSerializer(), new ByteArraySerializer());
        if (spool != null) {
            for (Spool.Entry e : spool.recover()) {
                parked.addLast(new Pending(e.record(), e));
                parkedCount.incrementAndGet();
            }
        }
        drainer.scheduleWithFixedDelay(this::drain, 500, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The producer's settings: idempotent, acks=all, never gives up on a record; batches for 5 ms, uncompressed. */
    private static Properties producerProperties(String bootstrapServers, String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // nothing on the hot path waits for an acknowledgement (the spool is the durable copy): batch a little
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // no compression: with batches of a few small events (5 ms linger), lz4 allocated its two 64 KiB block
        // buffers per batch (a fifth of all the gateway allocated at 500 RPS) and made the broker decompress to validate
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        // a send blocks at most this long for metadata when the broker has just gone away; it is then parked, not lost
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        return p;
    }

    /**
     * Appends the event to the spool and hands it to the producer; returns without waiting for the broker
     * (with {@link Spool.Sync#GROUP}, after the spool's fdatasync). When it returns the event is durable:
     * in the spool, or, if the spool cannot be written, acknowledged by Kafka (waited for up to 5 s). While
     * the broker is known to be down the record is parked in memory instead (bounded by the caller through
     * {@link #backlog()}) and sent when it returns. Duplicates this may cause carry the same event id and
     * are de-duplicated downstream.
     */
    public <V extends PuraEvent> void publish(Topic<V> topic, String key, V event) {
        ProducerRecord<String, byte[]> record = record(topic, key, event);
        Spool.Entry entry = spool == null ? null : spool.append(record);
        Pending pending = new Pending(record, entry);
        if (!brokerReachable.getAsBoolean()) {
            park(pending);
            return;
        }
        java.util.concurrent.Future<RecordMetadata> sent = send(pending);
        if (spool == null) {
            return;
        }
        try {
            if (entry != null) {
                spool.force(entry);
            } else {
                sent.get(UNSPOOLED_ACK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | ExecutionException | TimeoutException e) {
            LOG.warn("{} {} is not yet durable ({}); it stays in the producer's buffer", event.getClass().getSimpleName(),
                    event.eventId(), e.toString());
        }
    }

    private java.util.concurrent.Future<RecordMetadata> send(Pending pending) {
        inFlight.incrementAndGet();
        try {
            return producer.send(pending.record(), (meta, error) -> {
                inFlight.decrementAndGet();
                if (error == null) {
                    if (pending.entry() != null) {
                        pending.entry().acknowledged();
                    }
                } else {
                    failed(pending, error);
                }
            });
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            failed(pending, e);
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    /**
     * A send that failed: an event Kafka can never take is quarantined once and released from the spool; any
     * other failure parks it until the broker is back (logged at most every 10 s, with the count in between).
     */
    private void failed(Pending pending, Throwable error) {
        failures.incrementAndGet();
        if (Quarantine.isPoison(error)) {
            quarantine.put(pending.record(), error);
            if (pending.entry() != null) {
                pending.entry().acknowledged();
            }
            return;
        }
        long now = System.currentTimeMillis();
        long last = lastFailureLogMs.get();
        if (now - last >= FAILURE_LOG_INTERVAL_MS && lastFailureLogMs.compareAndSet(last, now)) {
            LOG.warn("publishing to {} failed ({}); parked until the broker is back ({} more failures since the last "
                    + "such line)", pending.record().topic(), error.toString(), unloggedFailures.getAndSet(0));
        } else {
            unloggedFailures.incrementAndGet();
        }
        park(pending);
    }

    private void park(Pending pending) {
        parked.addLast(pending);
        parkedCount.incrementAndGet();
    }

    private void drain() {
        if (spool != null) {
            spool.rollIfIdle();
        }
        // at most what is parked now: an event that fails again at once is parked behind them for the next round,
        // so a failing send can never spin this loop
        for (long n = parkedCount.get(); n > 0 && brokerReachable.getAsBoolean(); n--) {
            Pending next = parked.pollFirst();
            if (next == null) {
                return;
            }
            parkedCount.decrementAndGet();
            send(next);
        }
    }

    /**
     * Publishes and waits up to {@code timeoutMs} for the broker's acknowledgement, for changes the caller
     * applies only once Kafka has them (key revocations, budgets, invoices). While the broker is known to be
     * down nothing is sent and this returns false at once, so the caller can refuse the change cleanly.
     */
    public <V extends PuraEvent> boolean publishAcknowledged(Topic<V> topic, String key, V event, long timeoutMs) {
        if (!brokerReachable.getAsBoolean()) {
            return false;
        }
        java.util.concurrent.Future<RecordMetadata> sent = send(new Pending(record(topic, key, event), null));
        try {
            sent.get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{} {} not acknowledged within {} ms", event.getClass().getSimpleName(), event.eventId(), timeoutMs);
            return false;
        }
    }

    /** Publishes and waits for the broker's acknowledgement, without the spool (for key creation: the caller retries). */
    public <V extends PuraEvent> RecordMetadata publishAndWait(Topic<V> topic, String key, V event, long timeoutMs)
            throws ExecutionException, InterruptedException, TimeoutException {
        return producer.send(record(topic, key, event)).get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    private static <V extends PuraEvent> ProducerRecord<String, byte[]> record(Topic<V> topic, String key, V event) {
        Instant at = event.occurredAt();
        return new ProducerRecord<>(topic.name(), null, at.toEpochMilli(), key,
                topic.valueSerde().serialize(topic.name(), event));
    }

    /** While the broker is known to be down, events are parked instead of handed to the producer. */
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

    /** Events set aside because Kafka can never take them. */
    public long quarantined() {
        return quarantine.count();
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
            LOG.warn("{} events were still waiting for the broker at shutdown; they stay in the spool for the next start",
                    parked.size());
        }
        producer.close(java.time.Duration.ofSeconds(10));
        if (spool != null) {
            spool.close();
        }
    }
}
