package xyz.pura.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.Topic;

/**
 * A table feed goes on past a record its table throws on, and past a failure of its consumer (restarted from
 * where it was). Kafka's own {@link MockConsumer} stands for the broker: the ingress's tests have no embedded one.
 */
class TopicFeedTest {
    record Row(String id) {
    }

    private static final Topic<Row> TOPIC = Topic.of("test.rows", Topic.Kind.COMPACTED, Row.class);
    private static final TopicPartition TP = new TopicPartition(TOPIC.name(), 0);

    private TopicFeed<Row> feed;

    @AfterEach
    void close() {
        if (feed != null) {
            feed.close();
        }
    }

    @Test
    void shouldSkipARecordTheTableThrowsOnAndApplyTheOnesAfterIt() {
        FakeBroker consumer = new FakeBroker(5);
        consumer.schedulePollTask(() -> consumer.deliver(0, 5));
        ConcurrentLinkedQueue<String> applied = new ConcurrentLinkedQueue<>();

        feed = new TopicFeed<>(TOPIC, row -> {
            if (row.id().equals("row-2")) {
                throw new IllegalStateException("the table cannot take this row");
            }
            applied.add(row.id());
        }, () -> consumer).start();

        await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == 4);
        assertThat(applied).containsExactly("row-0", "row-1", "row-3", "row-4");
        assertThat(feed.failures()).isEqualTo(1);
        assertThat(feed.restarts()).isZero();
        assertThat(feed.healthy()).isTrue();
        assertThat(feed.caughtUp()).isTrue();
        assertThat(consumer.closed()).isFalse();
    }

    @Test
    void shouldRestartAFailedConsumerFromTheNextOffsetAndSayItIsDownMeanwhile() throws Exception {
        FakeBroker first = new FakeBroker(3);
        first.schedulePollTask(() -> first.deliver(0, 3));
        first.schedulePollTask(() -> first.setPollException(new KafkaException("the broker said no")));
        FakeBroker second = new FakeBroker(5);
        second.schedulePollTask(() -> second.deliver(0, 5)); // the whole topic: only 3 and 4 are new
        LinkedBlockingQueue<FakeBroker> consumers = new LinkedBlockingQueue<>(List.of(first, second));
        CountDownLatch reopen = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> applied = new ConcurrentLinkedQueue<>();

        feed = new TopicFeed<>(TOPIC, row -> applied.add(row.id()), () -> {
            FakeBroker next = consumers.remove();
            if (next == second) {
                awaitQuietly(reopen);
            }
            return next;
        }).start();

        await().atMost(Duration.ofSeconds(10)).until(() -> !feed.healthy());
        assertThat(first.closed()).isTrue();
        assertThat(feed.restarts()).isEqualTo(1);
        reopen.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == 5 && feed.healthy());
        assertThat(applied).containsExactly("row-0", "row-1", "row-2", "row-3", "row-4");
        assertThat(second.position(TP)).isEqualTo(5);
        assertThat(feed.failures()).isEqualTo(1);
        assertThat(feed.caughtUp()).isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One partition of {@link #TOPIC}, whose log ends at {@code endOffset}. An empty poll waits out its timeout (a
     * bare MockConsumer answers at once, and the feed's loop would spin a core) unless records arrive or it is woken.
     */
    private static final class FakeBroker extends MockConsumer<String, byte[]> {
        FakeBroker(long endOffset) {
            super("earliest");
            updatePartitions(TOPIC.name(), List.of(new PartitionInfo(TOPIC.name(), 0, null, null, null)));
            updateBeginningOffsets(Map.of(TP, 0L));
            updateEndOffsets(Map.of(TP, endOffset));
        }

        /** Records {@code from} to {@code to - 1}, each the row {@code row-<offset>}. */
        void deliver(int from, int to) {
            for (int offset = from; offset < to; offset++) {
                addRecord(new ConsumerRecord<>(TOPIC.name(), 0, offset, "k" + offset,
                        TOPIC.valueSerde().serialize(TOPIC.name(), new Row("row-" + offset))));
            }
        }

        @Override
        public synchronized ConsumerRecords<String, byte[]> poll(Duration timeout) {
            ConsumerRecords<String, byte[]> records = super.poll(timeout);
            if (records.isEmpty()) {
                try {
                    wait(timeout.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return records;
        }

        @Override
        public synchronized void wakeup() {
            super.wakeup();
            notifyAll();
        }
    }
}
