package xyz.pura.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.SpendView;
import xyz.pura.events.Topics;

/**
 * Follows {@code pura.completions} and {@code pura.spend} (read_committed) from the beginning, live, and
 * keeps per key: every completion in log order (its occurredAt, status, whether the ledger debits it) and
 * every SpendView with the wall-clock time this consumer received it.
 *
 * <p>Completion-to-spend lag: a key's records all live on one partition, and the ledger books its debits
 * in that partition's order, so the k-th debited completion of a key is ledger sequence k (the keys are
 * created by the run, so they start at 0). Its lag is the receive time of the first SpendView whose
 * {@code ledgerSequence >= k} minus the completion's {@code occurredAt}. It includes the consumer's own
 * poll delay (poll(5 ms), same host clock), so it slightly over-states the lag.
 */
final class BillingWatch implements AutoCloseable {
    record Completion(long occurredAtMillis, String status, boolean debited) {
    }

    record Spend(long ledgerSequence, long receivedMillis, long updatedAtMillis) {
    }

    final Map<String, List<Completion>> completions = new ConcurrentHashMap<>();
    final Map<String, List<Spend>> spends = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    BillingWatch(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : List.of(Topics.COMPLETIONS.name(), Topics.SPEND.name())) {
            consumer.partitionsFor(t, Duration.ofSeconds(30)).forEach(pi -> parts.add(new TopicPartition(t, pi.partition())));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        thread = Thread.ofPlatform().daemon().name("billing-watch").start(this::loop);
    }

    private void loop() {
        while (running) {
            var records = consumer.poll(Duration.ofMillis(5));
            long now = System.currentTimeMillis();
            for (ConsumerRecord<String, byte[]> rec : records) {
                if (rec.topic().equals(Topics.COMPLETIONS.name())) {
                    RequestCompleted c = Topics.COMPLETIONS.valueSerde().deserialize(rec.topic(), rec.value());
                    completions.computeIfAbsent(c.keyId(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                            .add(new Completion(c.occurredAt().toEpochMilli(), c.status(), c.debited()));
                } else {
                    SpendView s = Topics.SPEND.valueSerde().deserialize(rec.topic(), rec.value());
                    spends.computeIfAbsent(s.keyId(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                            .add(new Spend(s.ledgerSequence(), now, s.updatedAt() == null ? 0 : s.updatedAt().toEpochMilli()));
                }
            }
        }
        consumer.close();
    }

    long count(String keyId, String status) {
        List<Completion> l = completions.getOrDefault(keyId, List.of());
        synchronized (l) {
            return status == null ? l.size() : l.stream().filter(c -> c.status().equals(status)).count();
        }
    }

    long debited(String keyId) {
        List<Completion> l = completions.getOrDefault(keyId, List.of());
        synchronized (l) {
            return l.stream().filter(Completion::debited).count();
        }
    }

    long lastSequence(String keyId) {
        List<Spend> l = spends.getOrDefault(keyId, List.of());
        synchronized (l) {
            return l.stream().mapToLong(Spend::ledgerSequence).max().orElse(0);
        }
    }

    /** Waits until the key has {@code expected} completions and its spend includes every debited one. */
    void settle(String keyId, long expected, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            if (count(keyId, null) >= expected && lastSequence(keyId) >= debited(keyId)) {
                break;
            }
            Thread.sleep(50);
        }
        Thread.sleep(500); // anything late or duplicated
    }

    /** Lag (ms, as histogram values in microseconds) of each debited completion of the key; -1 entries: never seen in spend. */
    Histogram lag(String keyId, long[] missing) {
        Histogram h = new Histogram(Load.MAX_TRACKABLE_US, 3);
        List<Completion> cs;
        List<Spend> ss;
        synchronized (completions.getOrDefault(keyId, List.of())) {
            cs = new ArrayList<>(completions.getOrDefault(keyId, List.of()));
        }
        synchronized (spends.getOrDefault(keyId, List.of())) {
            ss = new ArrayList<>(spends.getOrDefault(keyId, List.of()));
        }
        long seq = 0;
        int j = 0;
        for (Completion c : cs) {
            if (!c.debited()) {
                continue;
            }
            seq++;
            while (j < ss.size() && ss.get(j).ledgerSequence() < seq) {
                j++;
            }
            if (j >= ss.size()) {
                missing[0]++;
                continue;
            }
            long lagMs = Math.max(0, ss.get(j).receivedMillis() - c.occurredAtMillis());
            h.recordValue(Math.min(Load.MAX_TRACKABLE_US, lagMs * 1000));
        }
        return h;
    }

    /**
     * The billing section: for each key of the run, the answers the load generators counted as served against the
     * key's completions on {@code pura.completions}; a mismatch goes to {@code failures}. {@code unaccounted}: per
     * key, how many answers the gateway may have given that a generator did not count (wrk stops with requests in
     * flight), so up to that many extra completions are expected. {@code lagKey}: the key whose spend lag is shown.
     */
    void section(Report report, Map<String, Long> served, Map<String, String> labels, Map<String, Long> unaccounted,
                 List<String> failures, String lagKey) throws InterruptedException {
        for (var e : served.entrySet()) {
            settle(e.getKey(), e.getValue(), Duration.ofSeconds(20));
        }
        boolean wrk = !unaccounted.isEmpty();
        report.line("## Billing under load\n");
        report.line("Served: answers with status 200 the load generators received through Pura. Completions: RequestCompleted "
                + "events of that key on `pura.completions` (status ok / all), read by a KafkaConsumer (read_committed). "
                + "They must be equal" + (wrk ? "; for a key wrk drove, up to its \"in flight at stop\" more completions are "
                + "expected (wrk ends with one request in flight per connection, and does not count those, nor the ones "
                + "whose socket failed, but the gateway answers and bills them)" : "") + ".\n");
        report.line("| key (phase) | served (200) |" + (wrk ? " in flight at stop (wrk, at most) |" : "")
                + " completions ok | completions all | debited | last spend ledgerSequence | missing | extra |");
        report.line("|---|---:|" + (wrk ? "---:|" : "") + "---:|---:|---:|---:|---:|---:|");
        long totalMissing = 0;
        for (var e : served.entrySet()) {
            String k = e.getKey(), label = labels.get(k);
            long s = e.getValue(), slack = unaccounted.getOrDefault(k, 0L), ok = count(k, "ok"), all = count(k, null);
            long missing = Math.max(0, s - ok), extra = Math.max(0, ok - s - slack);
            totalMissing += missing;
            report.line(String.format("| %s | %d |%s %d | %d | %d | %d | %d | %d |", label, s, wrk ? " " + slack + " |" : "",
                    ok, all, debited(k), lastSequence(k), missing, extra));
            if (missing > 0 || extra > 0) {
                failures.add("billing " + label + ": served " + s + (slack > 0 ? " (+ up to " + slack + " in flight)" : "")
                        + " but " + ok + " ok completions");
            }
            if (lastSequence(k) < debited(k)) {
                failures.add("spend " + label + ": ledgerSequence " + lastSequence(k) + " < debited " + debited(k));
            }
        }
        report.line("\nBilling events missing in total: **" + totalMissing + "**.\n");
        if (lagKey != null) {
            long[] missing = new long[1];
            Histogram lag = lag(lagKey, missing);
            report.line("Completion-to-spend lag at 1,000 RPS (key `" + labels.get(lagKey) + "`): for the k-th debited completion "
                    + "of the key (one partition, so ledger sequence k), the wall-clock time this harness's consumer received the "
                    + "first SpendView with `ledgerSequence >= k`, minus the completion's `occurredAt` (same host clock; includes "
                    + "the consumer's 5 ms poll). SpendView.updatedAt is event time (the completion's own time), so it cannot show lag.\n");
            report.line(String.format("| completions | p50 ms | p90 ms | p99 ms | max ms | never in spend |\n|---:|---:|---:|---:|---:|---:|\n| %d | %s | %s | %s | %s | %d |\n",
                    lag.getTotalCount(), Report.f(lag.getValueAtPercentile(50) / 1000.0), Report.f(lag.getValueAtPercentile(90) / 1000.0),
                    Report.f(lag.getValueAtPercentile(99) / 1000.0), Report.f(lag.getMaxValue() / 1000.0), missing[0]));
        }
    }

    /** Completions missing over all keys (served but not in Kafka). */
    long missing(Map<String, Long> served) {
        return served.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - count(e.getKey(), "ok"))).sum();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
