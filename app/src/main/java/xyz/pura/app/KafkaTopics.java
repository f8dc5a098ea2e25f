package xyz.pura.app;

import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.journal.TopicSetup;
import xyz.pura.ledger.LedgerConfig;
import xyz.pura.ledger.LedgerStreamsService;

/**
 * Where the topics' settings are decided at start: the replication asked ({@link JournalSettings#replication},
 * from the variables or the cluster's broker count), then {@link TopicSetup} creates what is missing and checks
 * what exists, Pura's topics and the ledger's internal ones alike. A weaker topic is logged at ERROR with what to
 * run, and fixed when PURA_TOPIC_FIX is set.
 */
final class KafkaTopics {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);

    private KafkaTopics() {
    }

    /**
     * @throws IllegalStateException when the cluster cannot hold the replication asked, or Kafka refuses
     */
    static TopicSetup.Report prepare(String bootstrapServers, JournalSettings settings) {
        try (Admin admin = TopicSetup.admin(bootstrapServers)) {
            int brokers = TopicSetup.brokers(admin);
            boolean topicsHoldIt = settings.replicationFactor() > brokers
                    && TopicSetup.allExistWith(admin, settings.replicationFactor());
            JournalSettings.Replication r = settings.replication(brokers, topicsHoldIt);
            if (topicsHoldIt) {
                LOG.warn("only {} of the {} brokers that {} asks for are up; every Pura topic already has {} replicas, "
                        + "so this process starts (writes need min.insync.replicas of them)", brokers,
                        settings.replicationFactor(), JournalSettings.REPLICATION_FACTOR, settings.replicationFactor());
            }
            TopicSetup.Plan plan = TopicSetup.Plan.of(settings.partitions(), r.replicationFactor(), r.minInsyncReplicas())
                    .withFix(settings.fixTopics()).alsoChecking(List.of(LedgerStreamsService.APPLICATION_ID + "-"));
            TopicSetup.Report report = TopicSetup.ensure(admin, plan);
            log(report, bootstrapServers, settings);
            return report;
        }
    }

    /** The ledger's internal topics get what Pura's own got. */
    static LedgerConfig.InternalTopics internalTopics(TopicSetup.Report report) {
        return new LedgerConfig.InternalTopics(report.replicationFactor(), report.minInsyncReplicas());
    }

    private static void log(TopicSetup.Report report, String bootstrapServers, JournalSettings settings) {
        LOG.info("topics: replication factor {} ({}), min.insync.replicas {} ({}); {} {} in the cluster",
                report.replicationFactor(), settings.replicationFactor() > 0 ? "set" : "derived",
                report.minInsyncReplicas(), settings.minInsyncReplicas() > 0 ? "set" : "derived", report.brokers(),
                report.brokers() == 1 ? "broker" : "brokers");
        for (TopicSetup.Weaker w : report.weaker()) {
            if (report.fixed().contains(w.topic())) {
                LOG.warn("topic {} was weaker than asked and is fixed ({}=true)", w, JournalSettings.FIX);
            } else {
                LOG.error("""
                        !!! TOPIC {} IS WEAKER THAN ASKED !!!
                            {}
                            Losing a broker can lose acknowledged billing events, or stop the ledger.
                            To fix it: {}
                            or start once with {}=true to let Pura fix it{}""",
                        w.topic(), w, w.remedy(bootstrapServers), JournalSettings.FIX,
                        report.fixFailures().containsKey(w.topic())
                                ? " (it tried and failed: " + report.fixFailures().get(w.topic()) + ")" : "");
            }
        }
        for (TopicSetup.PartitionMismatch m : report.partitionMismatches()) {
            LOG.warn("topic {} has {} partitions, PURA_TOPIC_PARTITIONS asks {}: partition counts are never changed "
                    + "automatically (keys would move to other partitions, with their state)", m.topic(), m.partitions(),
                    m.configured());
        }
    }
}
