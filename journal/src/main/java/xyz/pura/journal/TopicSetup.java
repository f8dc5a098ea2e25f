package xyz.pura.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.events.Topic;
import xyz.pura.events.Topics;

/**
 * Creates the topics of {@link Topics#ALL} that do not exist yet (compacted or infinite as the registry says, with
 * the asked replication factor and {@code min.insync.replicas}), and checks the ones that exist: a topic with fewer
 * replicas or a lower effective {@code min.insync.replicas} than asked is reported weaker, and with
 * {@link Plan#fix()} raised where Kafka allows it (min ISR by an incremental config change, replicas by a partition
 * reassignment). Partition counts are never changed: keyed state would move to other partitions; a different
 * count is reported.
 */
public final class TopicSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private TopicSetup() {
    }

    /**
     * What the topics should be.
     *
     * @param partitions partitions of a topic created here (an existing one keeps its count)
     * @param replicationFactor replicas of each partition
     * @param minInsyncReplicas {@code min.insync.replicas}, 1 to {@code replicationFactor}
     * @param fix whether to raise a weaker existing topic, rather than only report it
     * @param fixTimeout how long a reassignment that adds replicas may take
     * @param alsoCheckPrefixes existing topics of these name prefixes (a Kafka Streams application's internal
     *     topics, created by Streams) are checked and fixed like Pura's own, except for their partition count
     */
    public record Plan(int partitions, short replicationFactor, int minInsyncReplicas, boolean fix, Duration fixTimeout,
                       List<String> alsoCheckPrefixes) {
        public Plan {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
            }
            if (replicationFactor < 1) {
                throw new IllegalArgumentException("the replication factor must be at least 1, not " + replicationFactor);
            }
            if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
                throw new IllegalArgumentException("min.insync.replicas must be between 1 and the replication factor "
                        + replicationFactor + ", not " + minInsyncReplicas);
            }
            Objects.requireNonNull(fixTimeout, "fixTimeout");
            alsoCheckPrefixes = List.copyOf(alsoCheckPrefixes);
        }

        /** {@code partitions} with the replication asked, checking Pura's topics only, never fixing. */
        public static Plan of(int partitions, short replicationFactor, int minInsyncReplicas) {
            return new Plan(partitions, replicationFactor, minInsyncReplicas, false, Duration.ofMinutes(2), List.of());
        }

        public Plan withFix(boolean fixIt) {
            return new Plan(partitions, replicationFactor, minInsyncReplicas, fixIt, fixTimeout, alsoCheckPrefixes);
        }

        public Plan alsoChecking(List<String> prefixes) {
            return new Plan(partitions, replicationFactor, minInsyncReplicas, fix, fixTimeout, prefixes);
        }
    }

    /**
     * An existing topic found weaker than asked, as found (before any fix).
     *
     * @param replicationFactor the fewest replicas of any of its partitions
     * @param minInsyncReplicas its effective {@code min.insync.replicas} (its own, or the broker's default)
     */
    public record Weaker(String topic, int replicationFactor, int minInsyncReplicas, short wantedReplicationFactor,
                         int wantedMinInsyncReplicas) {
        public boolean fewerReplicas() {
            return replicationFactor < wantedReplicationFactor;
        }

        public boolean lowerMinInsyncReplicas() {
            return minInsyncReplicas < wantedMinInsyncReplicas;
        }

        /** What an operator runs to fix it by hand (Kafka's own tools). */
        public String remedy(String bootstrapServers) {
            List<String> steps = new ArrayList<>();
            if (fewerReplicas()) {
                steps.add("add replicas (replication factor " + wantedReplicationFactor + ") with kafka-reassign-partitions.sh"
                        + " --bootstrap-server " + bootstrapServers + " --execute --reassignment-json-file <a plan listing "
                        + wantedReplicationFactor + " brokers for every partition of " + topic + ">");
            }
            if (lowerMinInsyncReplicas()) {
                steps.add((fewerReplicas() ? "then " : "") + "kafka-configs.sh --bootstrap-server " + bootstrapServers
                        + " --alter --entity-type topics --entity-name " + topic + " --add-config "
                        + TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG + "=" + wantedMinInsyncReplicas);
            }
            return String.join("; ", steps);
        }

        @Override
        public String toString() {
            return topic + " (replication factor " + replicationFactor + ", min.insync.replicas " + minInsyncReplicas
                    + "; asked " + wantedReplicationFactor + " and " + wantedMinInsyncReplicas + ")";
        }
    }

    /** An existing Pura topic whose partition count is not the configured one (never changed here). */
    public record PartitionMismatch(String topic, int partitions, int configured) {
    }

    /**
     * What {@link #ensure} found and did.
     *
     * @param brokers the brokers the cluster described
     * @param created topics created now
     * @param weaker existing topics weaker than asked, as found
     * @param fixed the {@code weaker} topics that now meet what was asked
     * @param fixFailures why a fix of a weaker topic did not complete, by topic
     * @param partitionMismatches existing Pura topics with another partition count than configured
     */
    public record Report(int brokers, short replicationFactor, int minInsyncReplicas, List<String> created,
                         List<Weaker> weaker, List<String> fixed, Map<String, String> fixFailures,
                         List<PartitionMismatch> partitionMismatches) {
        public Report {
            created = List.copyOf(created);
            weaker = List.copyOf(weaker);
            fixed = List.copyOf(fixed);
            fixFailures = Map.copyOf(fixFailures);
            partitionMismatches = List.copyOf(partitionMismatches);
        }

        /** The weaker topics that are still weaker (not fixed, or fixing was not asked). */
        public List<Weaker> stillWeaker() {
            return weaker.stream().filter(w -> !fixed.contains(w.topic())).toList();
        }

        /** Every topic meets what was asked and every Pura topic has the configured partitions. */
        public boolean healthy() {
            return stillWeaker().isEmpty() && partitionMismatches.isEmpty();
        }
    }

    /** {@link #ensure(Admin, Plan)} with min ISR {@code max(1, replication - 1)}, never fixing (tests). */
    public static Report ensure(String bootstrapServers, int partitions, short replication) {
        try (Admin admin = admin(bootstrapServers)) {
            return ensure(admin, Plan.of(partitions, replication, Math.max(1, replication - 1)));
        }
    }

    /** An admin client for {@link #brokers} and {@link #ensure(Admin, Plan)}. */
    public static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Whether every topic of {@link Topics#ALL} exists with at least {@code replicas} replicas on each partition. */
    public static boolean allExistWith(Admin admin, int replicas) {
        Set<String> existing = get(admin.listTopics().names(), "list the topics");
        List<String> names = Topics.ALL.stream().map(Topic::name).toList();
        if (!existing.containsAll(names)) {
            return false;
        }
        return get(admin.describeTopics(names).allTopicNames(), "describe the topics").values().stream()
                .allMatch(d -> d.partitions().stream().allMatch(p -> p.replicas().size() >= replicas));
    }

    /** How many brokers the cluster describes now. */
    public static int brokers(Admin admin) {
        return get(admin.describeCluster().nodes(), "describe the cluster").size();
    }

    /**
     * Creates what is missing, checks what exists, and fixes it when the plan says so.
     *
     * @throws IllegalStateException when Kafka refuses or cannot be reached, or when the cluster has fewer brokers
     *     than the replication factor asked
     */
    public static Report ensure(Admin admin, Plan asked) {
        Plan plan = asked;
        List<Node> nodes = List.copyOf(get(admin.describeCluster().nodes(), "describe the cluster"));
        boolean brokerDown = plan.replicationFactor() > nodes.size();
        if (brokerDown && !allExistWith(admin, plan.replicationFactor())) {
            throw new IllegalStateException("a replication factor of " + plan.replicationFactor() + " needs at least that "
                    + "many brokers; the cluster has " + nodes.size());
        }
        if (brokerDown) {
            plan = plan.withFix(false); // nothing to fix while a broker is down: the topics already hold it
        }
        Set<String> existing = get(admin.listTopics().names(), "list the topics");
        List<NewTopic> missing = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        for (Topic<?> t : Topics.ALL) {
            if (existing.contains(t.name())) {
                ours.add(t.name());
            } else {
                Map<String, String> configs = new HashMap<>(configs(t));
                configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(plan.minInsyncReplicas()));
                missing.add(new NewTopic(t.name(), plan.partitions(), plan.replicationFactor()).configs(configs));
            }
        }
        if (!missing.isEmpty()) {
            createTolerantly(admin, missing);
            LOG.info("created topics {} ({} partitions, replication factor {}, min.insync.replicas {})",
                    missing.stream().map(NewTopic::name).toList(), plan.partitions(), plan.replicationFactor(),
                    plan.minInsyncReplicas());
        }
        List<String> checked = new ArrayList<>(ours);
        List<String> prefixes = plan.alsoCheckPrefixes();
        existing.stream().filter(n -> prefixes.stream().anyMatch(n::startsWith)).sorted()
                .forEach(checked::add);
        Map<String, TopicDescription> described = checked.isEmpty() ? Map.of()
                : new TreeMap<>(get(admin.describeTopics(checked).allTopicNames(), "describe the topics"));
        Map<String, Integer> minIsr = minInsyncReplicas(admin, checked);
        List<PartitionMismatch> mismatches = new ArrayList<>();
        List<Weaker> weaker = new ArrayList<>();
        for (String name : checked) {
            TopicDescription d = described.get(name);
            if (ours.contains(name) && d.partitions().size() != plan.partitions()) {
                mismatches.add(new PartitionMismatch(name, d.partitions().size(), plan.partitions()));
            }
            int replicas = d.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
            int isr = minIsr.get(name);
            if (replicas < plan.replicationFactor() || isr < plan.minInsyncReplicas()) {
                weaker.add(new Weaker(name, replicas, isr, plan.replicationFactor(), plan.minInsyncReplicas()));
            }
        }
        List<String> fixed = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        if (plan.fix()) {
            for (Weaker w : weaker) {
                try {
                    fix(admin, described.get(w.topic()), w, nodes, plan.fixTimeout());
                    fixed.add(w.topic());
                } catch (RuntimeException e) {
                    failures.put(w.topic(), e.getMessage());
                    LOG.error("could not fix topic {}: {}", w, e.getMessage(), e);
                }
            }
        }
        return new Report(nodes.size(), plan.replicationFactor(), plan.minInsyncReplicas(),
                missing.stream().map(NewTopic::name).toList(), weaker, fixed, failures, mismatches);
    }

    /** The effective {@code min.insync.replicas} of each topic (its own setting, else the broker's default). */
    private static Map<String, Integer> minInsyncReplicas(Admin admin, List<String> topics) {
        if (topics.isEmpty()) {
            return Map.of();
        }
        List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = get(admin.describeConfigs(resources).all(), "describe the topics' configs");
        Map<String, Integer> out = new HashMap<>();
        configs.forEach((r, c) -> {
            ConfigEntry e = c.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            out.put(r.name(), e == null || e.value() == null ? 1 : Integer.parseInt(e.value()));
        });
        return out;
    }

    /**
     * Replicas first (a partition reassignment, awaited), then min ISR, and that only once the topic has as many
     * replicas as the new min ISR: raising it first would refuse every acks=all write until the new replicas caught up.
     */
    private static void fix(Admin admin, TopicDescription d, Weaker w, List<Node> nodes, Duration timeout) {
        if (w.fewerReplicas()) {
            Map<TopicPartition, Optional<NewPartitionReassignment>> moves =
                    reassignment(d, w.wantedReplicationFactor(), nodes.stream().map(Node::id).sorted().toList());
            LOG.warn("adding replicas to {}: {}", w.topic(), moves.entrySet().stream()
                    .map(e -> e.getKey().partition() + "->" + e.getValue().orElseThrow().targetReplicas())
                    .collect(Collectors.joining(", ")));
            get(admin.alterPartitionReassignments(moves).all(), "reassign the partitions of " + w.topic());
            awaitReassignment(admin, w.topic(), moves.keySet(), w.wantedReplicationFactor(), timeout);
        }
        if (w.lowerMinInsyncReplicas()) {
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, w.topic());
            AlterConfigOp set = new AlterConfigOp(new ConfigEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                    String.valueOf(w.wantedMinInsyncReplicas())), AlterConfigOp.OpType.SET);
            get(admin.incrementalAlterConfigs(Map.of(r, List.of(set))).all(), "set min.insync.replicas of " + w.topic());
        }
        LOG.warn("fixed topic {}: now replication factor {}, min.insync.replicas {}", w.topic(),
                Math.max(w.replicationFactor(), w.wantedReplicationFactor()),
                Math.max(w.minInsyncReplicas(), w.wantedMinInsyncReplicas()));
    }

    /**
     * Each partition keeps its replicas in their order (its preferred leader stays) and gains the brokers that hold
     * the fewest of this topic's replicas so far, the lower id first on a tie, so the topic's replicas spread evenly.
     */
    static Map<TopicPartition, Optional<NewPartitionReassignment>> reassignment(TopicDescription d, int replicationFactor,
                                                                               List<Integer> brokerIds) {
        Map<Integer, Integer> load = new HashMap<>();
        brokerIds.forEach(b -> load.put(b, 0));
        for (TopicPartitionInfo p : d.partitions()) {
            p.replicas().forEach(n -> load.merge(n.id(), 1, Integer::sum));
        }
        Map<TopicPartition, Optional<NewPartitionReassignment>> moves = new LinkedHashMap<>();
        for (TopicPartitionInfo p : d.partitions()) {
            List<Integer> target = new ArrayList<>(p.replicas().stream().map(Node::id).toList());
            if (target.size() >= replicationFactor) {
                continue;
            }
            while (target.size() < replicationFactor) {
                int next = brokerIds.stream().filter(b -> !target.contains(b))
                        .min(Comparator.comparingInt((Integer b) -> load.get(b)).thenComparingInt(b -> b))
                        .orElseThrow(() -> new IllegalStateException("not enough brokers for " + replicationFactor + " replicas"));
                target.add(next);
                load.merge(next, 1, Integer::sum);
            }
            moves.put(new TopicPartition(d.name(), p.partition()), Optional.of(new NewPartitionReassignment(target)));
        }
        return moves;
    }

    private static void awaitReassignment(Admin admin, String topic, Collection<TopicPartition> partitions,
                                          int replicationFactor, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            boolean moving = !get(admin.listPartitionReassignments(Set.copyOf(partitions)).reassignments(),
                    "list the reassignments of " + topic).isEmpty();
            if (!moving) {
                TopicDescription d = get(admin.describeTopics(List.of(topic)).allTopicNames(), "describe " + topic).get(topic);
                boolean done = d.partitions().stream()
                        .allMatch(p -> p.replicas().size() >= replicationFactor && p.isr().size() >= replicationFactor);
                if (done) {
                    return;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the reassignment adding replicas to " + topic + " did not complete in "
                        + timeout + " (Kafka goes on with it; min.insync.replicas was left as it is)");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while awaiting the reassignment of " + topic, e);
            }
        }
    }

    /**
     * Creates the topics; one that another process created in the meantime (two instances starting at once) is
     * fine: it is checked with the others below.
     */
    private static void createTolerantly(Admin admin, List<NewTopic> topics) {
        admin.createTopics(topics).values().forEach((name, future) -> {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while trying to create " + name, e);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e);
                }
            }
        });
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getCause(), e);
        }
    }

    static Map<String, String> configs(Topic<?> t) {
        return switch (t.kind()) {
            case COMPACTED -> Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            case INFINITE -> Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1");
            case APPEND -> Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(30L * 24 * 3600 * 1000));
        };
    }
}
