package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import xyz.pura.app.testing.KafkaCluster;
import xyz.pura.app.testing.TestBroker;
import xyz.pura.events.Topic;
import xyz.pura.events.Topics;
import xyz.pura.journal.TopicSetup;
import xyz.pura.testing.LogCapture;

/**
 * Topic replication on a real cluster (issue 25): three KRaft nodes in three JVMs. The tests share the cluster and run
 * in order: the first creates Pura's topics, the next ones find them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTopicsTest {
    private static final List<String> PURA_TOPICS = Topics.ALL.stream().map(Topic::name).toList();
    private static KafkaCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = KafkaCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void shouldCreateEveryPuraTopicWithThreeReplicasAndMinIsrTwoOnThreeBrokersByDefault() throws Exception {
        // given three brokers and no replication variable set
        JournalSettings settings = PuraConfig.fromEnv(Map.of()).journal();

        // when the start sets the topics up
        TopicSetup.Report report = KafkaTopics.prepare(cluster.bootstrapServers(), settings);

        // then every Pura topic is created with 3 replicas per partition and min.insync.replicas 2
        assertThat(report.brokers()).isEqualTo(3);
        assertThat(report.replicationFactor()).isEqualTo((short) 3);
        assertThat(report.minInsyncReplicas()).isEqualTo(2);
        assertThat(report.created()).containsExactlyInAnyOrderElementsOf(PURA_TOPICS);
        assertThat(report.healthy()).isTrue();
        try (Admin admin = TopicSetup.admin(cluster.bootstrapServers())) {
            for (String topic : PURA_TOPICS) {
                assertThat(replicas(admin, topic)).as(topic).isEqualTo(3);
                assertThat(minInsyncReplicas(admin, topic)).as(topic).isEqualTo(2);
                assertThat(partitions(admin, topic)).as(topic).isEqualTo(3);
            }
        }
        // and the ledger's internal topics are asked the same
        assertThat(KafkaTopics.internalTopics(report)).isEqualTo(new xyz.pura.ledger.LedgerConfig.InternalTopics(3, 2));
    }

    @Test
    @Order(2)
    void shouldReportAWeakerTopicLoudlyAndRaiseItWhenAskedTo() throws Exception {
        // given a ledger changelog created with 1 replica and min ISR 1 (Streams without Pura's settings), and pura.ledger
        // lowered to min ISR 1 (a deployment from before this check)
        String changelog = "pura-ledger-ledger-accounts-changelog";
        try (Admin admin = TopicSetup.admin(cluster.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic(changelog, 3, (short) 1)
                    .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1")))).all().get();
            setMinInsyncReplicas(admin, Topics.LEDGER.name(), 1);
        }
        JournalSettings settings = PuraConfig.fromEnv(Map.of()).journal();

        // when the start checks the topics, without the fix flag
        TopicSetup.Report found;
        try (LogCapture log = new LogCapture(KafkaTopics.class.getName())) {
            found = KafkaTopics.prepare(cluster.bootstrapServers(), settings);

            // then both are reported weaker, at ERROR, with what to run; nothing is changed
            assertThat(found.created()).isEmpty();
            assertThat(found.weaker()).extracting(TopicSetup.Weaker::topic)
                    .containsExactlyInAnyOrder(changelog, Topics.LEDGER.name());
            assertThat(found.fixed()).isEmpty();
            assertThat(found.healthy()).isFalse();
            TopicSetup.Weaker weakChangelog = found.weaker().stream().filter(w -> w.topic().equals(changelog)).findFirst()
                    .orElseThrow();
            assertThat(weakChangelog.replicationFactor()).isEqualTo(1);
            assertThat(weakChangelog.minInsyncReplicas()).isEqualTo(1);
            List<String> errors = log.lines(Level.ERROR);
            assertThat(errors).hasSize(2);
            assertThat(errors).anySatisfy(e -> assertThat(e).contains("TOPIC " + changelog + " IS WEAKER THAN ASKED")
                    .contains("kafka-reassign-partitions.sh").contains("min.insync.replicas=2")
                    .contains("PURA_TOPIC_FIX=true"));
            assertThat(errors).anySatisfy(e -> assertThat(e).contains("TOPIC pura.ledger IS WEAKER THAN ASKED")
                    .contains("kafka-configs.sh").doesNotContain("kafka-reassign-partitions.sh"));
        }
        try (Admin admin = TopicSetup.admin(cluster.bootstrapServers())) {
            assertThat(replicas(admin, changelog)).isEqualTo(1);
        }

        // when it starts with PURA_TOPIC_FIX=true
        TopicSetup.Report fixing = KafkaTopics.prepare(cluster.bootstrapServers(),
                PuraConfig.fromEnv(Map.of("PURA_TOPIC_FIX", "true")).journal());

        // then both are fixed: 3 replicas on 3 distinct brokers, min ISR 2, and a further start finds nothing weaker
        assertThat(fixing.fixed()).containsExactlyInAnyOrder(changelog, Topics.LEDGER.name());
        assertThat(fixing.fixFailures()).isEmpty();
        assertThat(fixing.healthy()).isTrue();
        try (Admin admin = TopicSetup.admin(cluster.bootstrapServers())) {
            assertThat(replicas(admin, changelog)).isEqualTo(3);
            assertThat(minInsyncReplicas(admin, changelog)).isEqualTo(2);
            assertThat(minInsyncReplicas(admin, Topics.LEDGER.name())).isEqualTo(2);
            TopicDescription d = admin.describeTopics(List.of(changelog)).allTopicNames().get().get(changelog);
            assertThat(d.partitions()).allSatisfy(p -> {
                assertThat(p.replicas()).extracting(n -> n.id()).doesNotHaveDuplicates().hasSize(3);
                assertThat(p.isr()).hasSize(3);
            });
        }
        assertThat(KafkaTopics.prepare(cluster.bootstrapServers(), settings).weaker()).isEmpty();
    }

    @Test
    @Order(3)
    void shouldReportAnotherPartitionCountWithoutChangingIt() throws Exception {
        // given Pura's topics with 3 partitions, and a start that asks 6
        JournalSettings six = PuraConfig.fromEnv(Map.of("PURA_TOPIC_PARTITIONS", "6", "PURA_TOPIC_FIX", "true")).journal();

        // when
        TopicSetup.Report report = KafkaTopics.prepare(cluster.bootstrapServers(), six);

        // then each is reported, and none is changed (keyed state would move), even with the fix flag
        assertThat(report.partitionMismatches()).extracting(TopicSetup.PartitionMismatch::topic)
                .containsExactlyInAnyOrderElementsOf(PURA_TOPICS);
        assertThat(report.partitionMismatches()).allSatisfy(m -> {
            assertThat(m.partitions()).isEqualTo(3);
            assertThat(m.configured()).isEqualTo(6);
        });
        try (Admin admin = TopicSetup.admin(cluster.bootstrapServers())) {
            assertThat(partitions(admin, Topics.COMPLETIONS.name())).isEqualTo(3);
        }
    }

    @Test
    @Order(4)
    void shouldFailTheStartClearlyWhenAskedMoreReplicasThanBrokers() {
        // given a replication factor of 4 asked of 3 brokers
        JournalSettings four = PuraConfig.fromEnv(Map.of("PURA_TOPIC_REPLICATION_FACTOR", "4")).journal();

        // then the start fails, naming the variable and the brokers
        assertThatThrownBy(() -> KafkaTopics.prepare(cluster.bootstrapServers(), four))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PURA_TOPIC_REPLICATION_FACTOR is 4 but the Kafka cluster has 3 brokers");
    }

    @Test
    @Order(5)
    void shouldKeepAcceptingAcknowledgedWritesWithOneNodeKilledAndTakeItBack() throws Exception {
        // given Pura's topics at 3 replicas, min ISR 2, and node 3 killed with kill -9
        cluster.kill(3);
        cluster.awaitBrokers(2, Duration.ofSeconds(30));

        // when an acks=all producer writes
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                // then two in-sync replicas acknowledge every write
                producer.send(new ProducerRecord<>(Topics.COMPLETIONS.name(), "key_" + i, "{}")).get(30, TimeUnit.SECONDS);
            }
        }

        // and a Pura process that (re)starts meanwhile, asking for 3 replicas the topics already have, starts
        JournalSettings three = PuraConfig.fromEnv(Map.of("PURA_TOPIC_REPLICATION_FACTOR", "3",
                "PURA_TOPIC_MIN_INSYNC_REPLICAS", "2")).journal();
        TopicSetup.Report during = KafkaTopics.prepare(cluster.bootstrapServers(), three);
        assertThat(during.replicationFactor()).isEqualTo((short) 3);

        // and the node comes back on its ports and data
        cluster.restart(3);
        try (Admin admin = TopicSetup.admin(cluster.bootstrapServers())) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(3);
        }
    }

    @Test
    @Order(6)
    void shouldDeriveOneReplicaAndMinIsrOneOnTheSingleTestBroker() {
        // given the one embedded broker of the test JVM and no replication variable set
        JournalSettings settings = PuraConfig.fromEnv(Map.of()).journal();

        // when
        TopicSetup.Report report = KafkaTopics.prepare(TestBroker.bootstrapServers(), settings);

        // then 1 and 1, and nothing there is weaker
        assertThat(report.brokers()).isEqualTo(1);
        assertThat(report.replicationFactor()).isEqualTo((short) 1);
        assertThat(report.minInsyncReplicas()).isEqualTo(1);
        assertThat(report.weaker()).isEmpty();
    }

    private static int replicas(Admin admin, String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        return d.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElseThrow();
    }

    private static int partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }

    private static int minInsyncReplicas(Admin admin, String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config c = admin.describeConfigs(List.of(r)).all().get().get(r);
        return Integer.parseInt(c.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value());
    }

    private static void setMinInsyncReplicas(Admin admin, String topic, int value) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Map<ConfigResource, java.util.Collection<AlterConfigOp>> ops = new HashMap<>();
        ops.put(r, List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(value)),
                AlterConfigOp.OpType.SET)));
        admin.incrementalAlterConfigs(ops).all().get();
    }
}
