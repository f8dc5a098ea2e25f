package xyz.pura.ledger;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import xyz.pura.events.SpendView;
import xyz.pura.events.Topics;
import xyz.pura.events.pricing.RateCard;
import xyz.pura.ledger.internal.RepriceAccumulator;
import xyz.pura.ledger.internal.ReplayAccumulator;
import xyz.pura.ledger.internal.TopicReader;

/**
 * Replays the billing history into fresh totals and reconciles them with the live spend table.
 * {@link #replay} reads {@code pura.ledger}, {@code pura.completions} and {@code pura.wallet} from the
 * beginning ({@code read_committed}); {@link #check} also reads the compacted {@code pura.spend} and returns every
 * difference, empty when the ledger and the live table agree. Run the check on a quiet system (no
 * completions still being booked), or it reports the lag as differences.
 */
public final class Replay {
    private final TopicReader reader;
    private final Duration timeout;

    /** @param consumerProperties at least {@code bootstrap.servers}; no group is used */
    public Replay(Properties consumerProperties, Duration timeout) {
        this.reader = new TopicReader(consumerProperties);
        this.timeout = timeout;
    }

    public static Replay connect(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pura-replay");
        return new Replay(p, Duration.ofMinutes(2));
    }

    /**
     * Per-key totals from the ledger's amounts (spend, billed requests, credits minus sats debits), and the
     * ledger's own inconsistencies: duplicate entries or credits, sequence gaps, stated totals that differ
     * from the sums, debited completions without their debit, settled invoices without their credit and
     * credits without their settlement.
     */
    public ReplayResult replay() {
        ReplayAccumulator acc = new ReplayAccumulator();
        reader.readAll(Topics.LEDGER, timeout, (key, entry) -> {
            if (entry != null) {
                acc.add(key, entry);
            }
        });
        reader.readAll(Topics.COMPLETIONS, timeout, (key, completion) -> {
            if (completion != null) {
                acc.expect(key, completion);
            }
        });
        reader.readAll(Topics.WALLET, timeout, (key, event) -> {
            if (event != null) {
                acc.expect(key, event);
            }
        });
        return acc.result();
    }

    /**
     * Every debited completion of {@code pura.completions} priced again under {@code version}, per key and model,
     * beside what was booked (see {@link Repricing}). Reads only; writes nothing.
     *
     * @throws IllegalArgumentException when {@code version} is not a published rate card
     */
    public Repricing reprice(String version) {
        RepriceAccumulator acc = new RepriceAccumulator(RateCard.load(version));
        reader.readAll(Topics.COMPLETIONS, timeout, (key, completion) -> {
            if (completion != null) {
                acc.add(key, completion);
            }
        });
        return acc.result();
    }

    /** The live spend table: the latest {@code pura.spend} view per key. */
    public Map<String, SpendView> liveSpend() {
        Map<String, SpendView> live = new TreeMap<>();
        reader.readAll(Topics.SPEND, timeout, (key, view) -> {
            if (view == null) {
                live.remove(key);
            } else {
                live.put(key, view);
            }
        });
        return live;
    }

    /** Replays and compares with {@code pura.spend}: every difference, empty when all agree. */
    public List<Difference> check() {
        return compare(replay(), liveSpend());
    }

    /**
     * The ledger's inconsistencies, then, per key, each live figure that differs from the replayed one:
     * ledger sequence, today's spend and requests (for the view's {@code utcDay}), total spend, free
     * requests used, balance, credits; a key with entries but no view (or the reverse) is a difference too.
     */
    public static List<Difference> compare(ReplayResult replayed, Map<String, SpendView> live) {
        List<Difference> out = new ArrayList<>(replayed.ledgerProblems());
        TreeSet<String> keys = new TreeSet<>(replayed.totals().keySet());
        keys.addAll(live.keySet());
        for (String key : keys) {
            KeyTotals t = replayed.totals().get(key);
            SpendView v = live.get(key);
            if (v == null) {
                out.add(new Difference(key, "spend-view", t.lastSequence() + " entries", "none"));
                continue;
            }
            if (t == null) {
                if (v.ledgerSequence() != 0) {
                    out.add(new Difference(key, "ledgerSequence", "0", Long.toString(v.ledgerSequence())));
                }
                continue;
            }
            LocalDate day = v.utcDay();
            same(out, key, "ledgerSequence", t.lastSequence(), v.ledgerSequence());
            same(out, key, "spentTodayNanoUsd[" + day + "]", t.spendOn(day), v.spentTodayNanoUsd());
            same(out, key, "requestsToday[" + day + "]", t.requestsOn(day), v.requestsToday());
            same(out, key, "spentTotalNanoUsd", t.spentTotalNanoUsd(), v.spentTotalNanoUsd());
            same(out, key, "freeRequestsUsed", t.billedRequests(), v.freeRequestsUsed());
            same(out, key, "balanceMsat", t.balanceMsat(), v.balanceMsat());
            same(out, key, "creditedMsat", t.creditedMsat(), v.creditedMsat());
        }
        return out;
    }

    private static void same(List<Difference> out, String key, String what, long replayed, long live) {
        if (replayed != live) {
            out.add(new Difference(key, what, Long.toString(replayed), Long.toString(live)));
        }
    }
}
