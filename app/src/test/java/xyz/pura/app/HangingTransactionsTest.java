package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.TransactionResult;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestBroker;

/**
 * A transaction its coordinator has completed but whose marker never reached one partition (what a restart
 * after {@code kill -9} can leave, see {@link HangingTransactions}) is closed the way the coordinator decided,
 * and {@code read_committed} readers move past it again.
 *
 * <p>The state is made on the shared broker: with partition verification off for a moment, a raw produce
 * request writes one more transactional batch, of a transaction that has already ended, to a partition that
 * was never part of it.
 */
class HangingTransactionsTest {
    private static final String VERIFICATION = "transaction.partition.verification.enable";
    private static Admin admin;
    private static String bootstrap;

    @BeforeAll
    static void verificationOff() throws Exception {
        bootstrap = TestBroker.bootstrapServers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        setVerification(new AlterConfigOp(new ConfigEntry(VERIFICATION, "false"), AlterConfigOp.OpType.SET));
    }

    @AfterAll
    static void verificationBackOn() throws Exception {
        setVerification(new AlterConfigOp(new ConfigEntry(VERIFICATION, ""), AlterConfigOp.OpType.DELETE));
        admin.close();
    }

    @Test
    void shouldCommitWhatTheCoordinatorCommittedAndAbortWhatItAborted() throws Exception {
        String topic = "hanging-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        TopicPartition inTxn = new TopicPartition(topic, 0);
        TopicPartition leftCommitted = new TopicPartition(topic, 1);
        TopicPartition leftAborted = new TopicPartition(topic, 2);

        ProducerState committed = endedTransaction(topic, inTxn, true);
        rawTransactionalBatch(leftCommitted, committed, "committed-but-no-marker");
        ProducerState aborted = endedTransaction(topic, inTxn, false);
        rawTransactionalBatch(leftAborted, aborted, "aborted-but-no-marker");
        assertThat(openTransactions(leftCommitted)).hasSize(1);
        assertThat(openTransactions(leftAborted)).hasSize(1);

        List<HangingTransactions.Closed> closed = HangingTransactions.close(admin, bootstrap, Instant.now(), topic::equals);

        assertThat(closed).extracting(HangingTransactions.Closed::partition, HangingTransactions.Closed::result)
                .containsExactlyInAnyOrder(
                        tuple(leftCommitted, TransactionResult.COMMIT),
                        tuple(leftAborted, TransactionResult.ABORT));
        assertThat(openTransactions(leftCommitted)).isEmpty();
        assertThat(openTransactions(leftAborted)).isEmpty();
        plainRecord(leftAborted, "after");
        assertThat(readCommitted(leftCommitted, 1)).containsExactly("committed-but-no-marker");
        assertThat(readCommitted(leftAborted, 1)).containsExactly("after");
        assertThat(HangingTransactions.close(admin, bootstrap, Instant.now(), topic::equals)).isEmpty();
    }

    @Test
    void shouldLeaveATransactionItsCoordinatorStillTracksAlone() throws Exception {
        String topic = "ongoing-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> producer = transactional()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, null, "open")).get();

            assertThat(HangingTransactions.close(admin, bootstrap, Instant.now(), topic::equals)).isEmpty();
            assertThat(openTransactions(tp)).hasSize(1);
            producer.commitTransaction();
        }
        assertThat(readCommitted(tp, 1)).containsExactly("open");
    }

    private static ProducerState endedTransaction(String topic, TopicPartition tp, boolean commit) throws Exception {
        try (KafkaProducer<String, String> producer = transactional()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), null, "in-transaction")).get();
            List<ProducerState> open = openTransactions(tp);
            assertThat(open).hasSize(1);
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
            return open.get(0);
        }
    }

    /** A transactional batch of an already ended transaction on a partition it never added: the crash's leftover. */
    private static void rawTransactionalBatch(TopicPartition tp, ProducerState of, String value) throws Exception {
        MemoryRecords records = MemoryRecords.withTransactionalRecords(Compression.NONE, of.producerId(),
                (short) of.producerEpoch(), 0, new SimpleRecord(System.currentTimeMillis(), null, value.getBytes(StandardCharsets.UTF_8)));
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000)
                .setTransactionalId("hanging-test-raw");
        data.topicData().add(new ProduceRequestData.TopicProduceData().setName(tp.topic()).setPartitionData(
                List.of(new ProduceRequestData.PartitionProduceData().setIndex(tp.partition()).setRecords(records))));
        ProduceResponse response = (ProduceResponse) HangingTransactions.send(bootstrap, ProduceRequest.builder(data, false),
                ProduceRequest.LAST_STABLE_VERSION_BEFORE_TRANSACTION_V2);
        response.data().responses().forEach(t -> t.partitionResponses().forEach(p ->
                assertThat(Errors.forCode(p.errorCode())).as("raw produce to %s", tp).isEqualTo(Errors.NONE)));
    }

    private static List<ProducerState> openTransactions(TopicPartition tp) throws Exception {
        return admin.describeProducers(List.of(tp)).partitionResult(tp).get().activeProducers().stream()
                .filter(p -> p.currentTransactionStartOffset().isPresent()).toList();
    }

    private static void plainRecord(TopicPartition tp, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), null, value)).get();
        }
    }

    /** The values a read_committed reader gets from the partition's start, once it has {@code expected} of them. */
    private static List<String> readCommitted(TopicPartition tp, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<String> values = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(15);
            while (values.size() < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }

    private static KafkaProducer<String, String> transactional() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "hanging-test-" + UUID.randomUUID()), new StringSerializer(), new StringSerializer());
    }

    private static void setVerification(AlterConfigOp op) throws Exception {
        Collection<AlterConfigOp> ops = List.of(op);
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.BROKER, ""), ops)).all().get();
        String expected = op.opType() == AlterConfigOp.OpType.SET ? op.configEntry().value() : "true";
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                expected.equals(admin.describeConfigs(List.of(broker)).all().get().get(broker).get(VERIFICATION).value()));
    }
}
