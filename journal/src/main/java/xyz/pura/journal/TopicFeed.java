package xyz.pura.journal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
 *
 * <p>A feed never stops for good while it is open. A record the callback throws on is skipped, counted in
 * {@link #failures()} and logged at most once per {@value #SINK_LOG_INTERVAL_MS} ms with the count (never the
 * record's value): the table goes on with the next record. Any other failure (the consumer's) closes the
 * consumer and opens a new one after a backoff (100 ms, doubling to 10 s), which goes on from the next offset of
 * each partition, not from the beginning; each restart is logged once, and {@link #healthy()} is false from the
 * failure until the new consumer has polled.
 */
public final class TopicFeed<V> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFeed.class);
    static final long SINK_LOG_INTERVAL_MS = 10_000;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final Topic<V> topic;
    private final Supplier<org.apache.kafka.clients.consumer.Consumer<String, byte[]>> consumers;
    private final Consumer<V> sink;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
    /** The next offset to read per partition: where a restarted consumer goes on from. Written by the feed's thread. */
    private final Map<TopicPartition, Long> next = new ConcurrentHashMap<>();
    /** The end offsets seen at the first start, until they are reached. */
    private Map<TopicPartition, Long> end;
    private final AtomicLong sinkFailures = new AtomicLong();
    private final AtomicLong consumerFailures = new AtomicLong();
    private volatile boolean healthy = true;
    /** Whether the current consumer has polled once (the feed's thread only). */
    private boolean polled;
    private long lastSinkLogMs = Long.MIN_VALUE;
    private long unloggedSinkFailures;

    public TopicFeed(String bootstrapServers, Topic<V> topic, Consumer<V> sink) {
        this(topic, sink, () -> newConsumer(bootstrapServers, topic));
    }

    /** @param consumers opens a new consumer: at the start, and after each consumer failure */
    TopicFeed(Topic<V> topic, Consumer<V> sink, Supplier<org.apache.kafka.clients.consumer.Consumer<String, byte[]>> consumers) {
        this.topic = topic;
        this.sink = sink;
        this.consumers = consumers;
        this.consumer = consumers.get();
        this.thread = Thread.ofPlatform().daemon().name("feed-" + topic.name()).unstarted(this::run);
    }

    private static KafkaConsumer<String, byte[]> newConsumer(String bootstrapServers, Topic<?> topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pura-feed-" + topic.name());
        // Kafka's fetch defaults (answer as soon as there is a byte, else after 500 ms): the feeds read topics that
        // are quiet (keys, wallet, weights) or written by the ledger's transactions in bursts at each commit (spend,
        // quality), so they batch by themselves; a short max wait only made every idle feed poll the broker 50
        // times a second (about 30 % of a core on an idle gateway, with the ledger's consumers).
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
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

    public String topic() {
        return topic.name();
    }

    /** Records the callback threw on (skipped) plus consumer failures (each followed by a restart), since the start. */
    public long failures() {
        return sinkFailures.get() + consumerFailures.get();
    }

    /** Consumer failures since the start, each followed by a restart. */
    public long restarts() {
        return consumerFailures.get();
    }

    /** False from a consumer failure until the restarted consumer has polled (restarting, or backing off). */
    public boolean healthy() {
        return healthy;
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        org.apache.kafka.clients.consumer.Consumer<String, byte[]> c = consumer; // opened by the constructor
        while (running) {
            polled = false;
            try {
                if (c == null) {
                    c = consumers.get();
                    consumer = c;
                    if (!running) {
                        break; // close() woke the previous consumer; this one is closed below
                    }
                }
                follow(c);
            } catch (WakeupException e) {
                // closing (a wakeup is only ever sent by close)
            } catch (RuntimeException e) {
                if (running) {
                    healthy = false;
                    consumerFailures.incrementAndGet();
                    if (polled) {
                        backoff = FIRST_BACKOFF; // it had recovered: a new failure starts the backoff again
                    }
                    LOG.error("feed of {} failed ({}); restarting its consumer in {} ms", topic.name(), e.toString(),
                            backoff.toMillis());
                }
            } finally {
                if (c != null) {
                    closeQuietly(c);
                    c = null;
                }
            }
            if (!running || awaitClosing(backoff)) {
                break;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Assigns every partition, from the next offset already read (or the beginning), and applies records until closed. */
    private void follow(org.apache.kafka.clients.consumer.Consumer<String, byte[]> c) {
        List<TopicPartition> partitions = c.partitionsFor(topic.name(), Duration.ofSeconds(60)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        c.assign(partitions);
        List<TopicPartition> unread = partitions.stream().filter(tp -> !next.containsKey(tp)).toList();
        if (!unread.isEmpty()) {
            c.seekToBeginning(unread); // never with an empty list: that seeks every assigned partition
        }
        for (TopicPartition tp : partitions) {
            Long offset = next.get(tp);
            if (offset != null) {
                c.seek(tp, offset);
            }
        }
        if (end == null) {
            end = new HashMap<>(c.endOffsets(partitions));
        }
        while (running) {
            for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(250))) {
                apply(record);
                next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            }
            polled = true;
            if (!healthy) {
                healthy = true;
                LOG.info("feed of {} restarted", topic.name());
            }
            if (caughtUp.getCount() > 0 && end.entrySet().stream()
                    .allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                caughtUp.countDown();
            }
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
        if (value == null) {
            return;
        }
        try {
            sink.accept(value);
        } catch (RuntimeException e) {
            sinkFailed(record, e);
        }
    }

    /** Counted, and logged at most once per interval with the count since the last line; never the record's value. */
    private void sinkFailed(ConsumerRecord<String, byte[]> record, RuntimeException e) {
        sinkFailures.incrementAndGet();
        long now = System.currentTimeMillis();
        if (lastSinkLogMs != Long.MIN_VALUE && now - lastSinkLogMs < SINK_LOG_INTERVAL_MS) {
            unloggedSinkFailures++;
            return;
        }
        lastSinkLogMs = now;
        LOG.error("feed of {}: the table refused the record at {}-{}@{} ({}) and skipped it; {} more refused since the "
                        + "last such line, {} in all", topic.name(), record.topic(), record.partition(), record.offset(),
                e.getClass().getName(), unloggedSinkFailures, sinkFailures.get());
        unloggedSinkFailures = 0;
    }

    /** Waits out a backoff; true if the feed is being closed. */
    private boolean awaitClosing(Duration backoff) {
        try {
            return closing.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void closeQuietly(org.apache.kafka.clients.consumer.Consumer<String, byte[]> c) {
        try {
            c.close();
        } catch (RuntimeException e) {
            LOG.debug("closing a feed's consumer failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        closing.countDown();
        try {
            consumer.wakeup();
        } catch (RuntimeException e) {
            // already closed
        }
        if (thread.getState() == Thread.State.NEW) {
            closeQuietly(consumer);
            return;
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
