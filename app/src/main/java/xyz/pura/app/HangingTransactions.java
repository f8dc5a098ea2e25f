package xyz.pura.app;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.TransactionResult;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes transactions that a crash left open on a partition after the transaction coordinator had
 * already completed them, so that the partition's last stable offset can move again.
 *
 * <p>Why this exists: after {@code kill -9}, the restarted single-node broker replays its metadata and
 * briefly acts as coordinator on its old leadership (coordinator epoch 0) before the controller fences
 * its previous incarnation. A transaction caught in PREPARE_COMMIT re-sends its markers then; they cannot
 * be delivered (the listener is not open yet) and, once the fence makes every partition leaderless,
 * Kafka 4.4's metadata cache answers "no leader endpoint", which the marker channel takes for a deleted
 * partition: it drops the markers and may still write COMPLETE_COMMIT before it resigns (KAFKA-20734,
 * unreleased). The partitions keep an open transaction that nobody will ever close: {@code read_committed}
 * readers, and the ledger's restore and committed-offset fetch, wait on it forever.
 *
 * <p>What it does, once the broker is up and before anything else starts: for every partition (but the
 * transaction log) it asks for open transactions last written before this broker started. One the
 * coordinator still tracks (ongoing with this partition, or preparing) is left to the coordinator. For the
 * rest it writes the marker the coordinator decided: COMMIT when the coordinator completed a commit of that
 * very transaction, ABORT otherwise (what {@code kafka-transactions.sh abort} does for a hanging one).
 */
final class HangingTransactions {
    private static final Logger LOG = LoggerFactory.getLogger(HangingTransactions.class);
    private static final Duration LISTING_PATIENCE = Duration.ofSeconds(10);
    private static final Set<TransactionState> COORDINATOR_WILL_FINISH =
            EnumSet.of(TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT);

    /** One repaired partition: which producer's open transaction was closed, and how. */
    record Closed(TopicPartition partition, long producerId, int producerEpoch, TransactionResult result, String coordinatorSaw) {
    }

    private HangingTransactions() {
    }

    /** Every topic but the coordinator's own log, open transactions last written before {@code startedAt}. */
    static List<Closed> close(Admin admin, String bootstrapServers, Instant startedAt) {
        return close(admin, bootstrapServers, startedAt, topic -> !topic.equals("__transaction_state"));
    }

    static List<Closed> close(Admin admin, String bootstrapServers, Instant startedAt, Predicate<String> topics) {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            List<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get()
                    .stream().filter(topics).sorted().toList();
            for (TopicDescription d : admin.describeTopics(names).allTopicNames().get().values()) {
                d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
            }
            List<Map.Entry<TopicPartition, ProducerState>> open = new ArrayList<>();
            Map<TopicPartition, PartitionProducerState> states = admin.describeProducers(partitions).all().get();
            states.forEach((tp, state) -> state.activeProducers().stream()
                    .filter(p -> p.currentTransactionStartOffset().isPresent())
                    .filter(p -> p.lastTimestamp() < startedAt.toEpochMilli())
                    .forEach(p -> open.add(Map.entry(tp, p))));
            if (open.isEmpty()) {
                return List.of();
            }
            Map<Long, TransactionDescription> byProducer = transactionsByProducer(admin,
                    open.stream().map(e -> e.getValue().producerId()).collect(Collectors.toSet()));
            List<Closed> closed = new ArrayList<>();
            for (Map.Entry<TopicPartition, ProducerState> e : open) {
                TopicPartition tp = e.getKey();
                ProducerState p = e.getValue();
                TransactionDescription txn = byProducer.get(p.producerId());
                if (txn != null && (COORDINATOR_WILL_FINISH.contains(txn.state())
                        || txn.state() == TransactionState.ONGOING && txn.topicPartitions().contains(tp))) {
                    continue;
                }
                int coordinatorEpoch = p.coordinatorEpoch().orElse(0);
                if (txn != null && txn.state() == TransactionState.COMPLETE_COMMIT && committedThisOne(txn, p)) {
                    // transaction version 2 bumps the epoch when it ends: the marker carries the bumped epoch
                    short markerEpoch = (short) txn.producerEpoch();
                    short version = (short) (txn.producerEpoch() > p.producerEpoch() ? 2 : 0);
                    writeMarker(bootstrapServers, new WriteTxnMarkersRequest.TxnMarkerEntry(p.producerId(), markerEpoch,
                            coordinatorEpoch, TransactionResult.COMMIT, List.of(tp), version));
                    closed.add(logged(new Closed(tp, p.producerId(), p.producerEpoch(), TransactionResult.COMMIT, seen(txn))));
                } else {
                    admin.abortTransaction(new AbortTransactionSpec(tp, p.producerId(), (short) p.producerEpoch(),
                            coordinatorEpoch)).all().get();
                    closed.add(logged(new Closed(tp, p.producerId(), p.producerEpoch(), TransactionResult.ABORT, seen(txn))));
                }
            }
            return closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking for open transactions", e);
        } catch (ExecutionException | IOException e) {
            throw new IllegalStateException("cannot close the transactions a crash left open: " + e.getMessage(), e);
        }
    }

    private static Closed logged(Closed c) {
        LOG.warn("closed a transaction left open by a crash on {} (producer {}, epoch {}) with {}; its coordinator has {}",
                c.partition(), c.producerId(), c.producerEpoch(), c.result(), c.coordinatorSaw());
        return c;
    }

    private static String seen(TransactionDescription txn) {
        return txn == null ? "no transaction of this producer" : txn.state() + " at epoch " + txn.producerEpoch();
    }

    /** The coordinator's completed commit is this partition's open transaction: same epoch, or the one bump version 2 makes. */
    private static boolean committedThisOne(TransactionDescription txn, ProducerState p) {
        return txn.producerEpoch() == p.producerEpoch() || txn.producerEpoch() == p.producerEpoch() + 1;
    }

    /**
     * The coordinator's view of these producers' transactions. Right after a start the coordinator may still be
     * loading its log and list fewer transactions than it has; a producer missing from the list would be taken for
     * an unknown one and aborted, so ask again for a few seconds before believing it.
     */
    private static Map<Long, TransactionDescription> transactionsByProducer(Admin admin, Set<Long> producerIds)
            throws InterruptedException, ExecutionException {
        Instant deadline = Instant.now().plus(LISTING_PATIENCE);
        while (true) {
            List<String> ids = admin.listTransactions(new ListTransactionsOptions().filterProducerIds(producerIds)).all().get()
                    .stream().map(TransactionListing::transactionalId).toList();
            Map<Long, TransactionDescription> byProducer = new HashMap<>();
            if (!ids.isEmpty()) {
                admin.describeTransactions(ids).all().get().values().forEach(d -> byProducer.put(d.producerId(), d));
            }
            if (byProducer.keySet().containsAll(producerIds) || Instant.now().isAfter(deadline)) {
                return byProducer;
            }
            Thread.sleep(200);
        }
    }

    private static void writeMarker(String bootstrapServers, WriteTxnMarkersRequest.TxnMarkerEntry marker) throws IOException {
        WriteTxnMarkersResponse response = (WriteTxnMarkersResponse) send(bootstrapServers,
                new WriteTxnMarkersRequest.Builder(List.of(marker)), ApiKeys.WRITE_TXN_MARKERS.latestVersion());
        response.errorsByProducerId().getOrDefault(marker.producerId(), Map.of()).forEach((tp, error) -> {
            if (error != Errors.NONE) {
                throw new IllegalStateException("writing the " + marker.transactionResult() + " marker on " + tp + " failed: " + error);
            }
        });
    }

    /**
     * One request on its own connection to the broker, in Kafka's wire framing. The Admin client has no call
     * for a COMMIT marker (only {@code abortTransaction}); this is the same request it sends for an abort.
     */
    static AbstractResponse send(String bootstrapServers, AbstractRequest.Builder<?> builder, short version) throws IOException {
        String[] hostPort = bootstrapServers.split(",")[0].split(":");
        AbstractRequest request = builder.build(version);
        RequestHeader header = new RequestHeader(request.apiKey(), version, "pura-transaction-repair", 1);
        ByteBuffer out = request.serializeWithHeader(header);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 5_000);
            socket.setSoTimeout(30_000);
            byte[] bytes = new byte[out.remaining()];
            out.get(bytes);
            DataOutputStream w = new DataOutputStream(socket.getOutputStream());
            w.writeInt(bytes.length);
            w.write(bytes);
            w.flush();
            DataInputStream r = new DataInputStream(socket.getInputStream());
            byte[] in = new byte[r.readInt()];
            r.readFully(in);
            return AbstractResponse.parseResponse(ByteBuffer.wrap(in), header);
        }
    }
}
