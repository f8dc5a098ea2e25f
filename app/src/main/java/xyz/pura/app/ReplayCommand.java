package xyz.pura.app;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import xyz.pura.events.Usd;
import xyz.pura.ledger.Difference;
import xyz.pura.ledger.KeyTotals;
import xyz.pura.ledger.Replay;
import xyz.pura.ledger.ReplayResult;

/**
 * {@code pura replay [--check]}: reads {@code pura.ledger} (and the completions) from the beginning into
 * fresh per-key totals and prints them; with {@code --check}, compares them with the live
 * {@code pura.spend} table and exits 1 on any difference.
 */
final class ReplayCommand {
    private ReplayCommand() {
    }

    static int run(String bootstrapServers, boolean check, PrintStream out) {
        Replay replay = Replay.connect(bootstrapServers);
        ReplayResult result = replay.replay();
        out.printf("%-21s %10s %10s %22s%n", "key", "entries", "billed", "spent total (USD)");
        for (Map.Entry<String, KeyTotals> e : result.totals().entrySet()) {
            KeyTotals t = e.getValue();
            out.printf("%-21s %10d %10d %22s%n", e.getKey(), t.entries(), t.billedRequests(),
                    Usd.ofNanos(t.spentTotalNanoUsd()));
            t.spendByDay().forEach((day, nanos) -> out.printf("  %s %44s%n", day, Usd.ofNanos(nanos)));
        }
        if (!check) {
            result.ledgerProblems().forEach(d -> out.println("ledger problem: " + d));
            return result.ledgerProblems().isEmpty() ? 0 : 1;
        }
        List<Difference> differences = Replay.compare(result, replay.liveSpend());
        if (differences.isEmpty()) {
            out.println("check: the replayed ledger matches the live spend table for " + result.totals().size() + " keys");
            return 0;
        }
        differences.forEach(d -> out.println("difference: " + d));
        out.println("check: " + differences.size() + " differences");
        return 1;
    }
}
