package xyz.pura.app;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import xyz.pura.events.Usd;
import xyz.pura.events.pricing.RateCard;
import xyz.pura.ledger.Difference;
import xyz.pura.ledger.KeyTotals;
import xyz.pura.ledger.Replay;
import xyz.pura.ledger.ReplayResult;
import xyz.pura.ledger.Repricing;

/**
 * {@code pura replay [--check | --reprice VERSION]}: reads {@code pura.ledger} (and the completions) from the
 * beginning into fresh per-key totals and prints them; with {@code --check}, compares them with the live
 * {@code pura.spend} table and exits 1 on any difference; with {@code --reprice VERSION}, prices every debited
 * completion again under that rate card version and prints, per key and model, what was booked, what it would
 * cost and the difference (writing nothing), exiting 1 when a completion's own charges do not explain its cost.
 */
final class ReplayCommand {
    static final String USAGE = "replay [--check | --reprice VERSION]";

    private ReplayCommand() {
    }

    /** What {@code replay} was asked to do. */
    sealed interface Mode {
        record Totals() implements Mode {
        }

        record Check() implements Mode {
        }

        record Reprice(String version) implements Mode {
        }

        static Mode parse(List<String> args) {
            if (args.isEmpty()) {
                return new Totals();
            }
            if (args.size() == 1 && args.getFirst().equals("--check")) {
                return new Check();
            }
            if (args.getFirst().equals("--reprice")) {
                if (args.size() != 2 || args.get(1).isBlank() || args.get(1).startsWith("-")) {
                    throw new IllegalArgumentException("--reprice needs one rate card version, e.g. --reprice "
                            + RateCard.current().version());
                }
                return new Reprice(args.get(1));
            }
            throw new IllegalArgumentException("unknown replay arguments " + args);
        }
    }

    static int run(String bootstrapServers, Mode mode, PrintStream out) {
        Replay replay = Replay.connect(bootstrapServers);
        return switch (mode) {
            case Mode.Reprice r -> reprice(replay, r.version(), out);
            case Mode.Check c -> check(replay, out);
            case Mode.Totals t -> totals(replay, out);
        };
    }

    private static int totals(Replay replay, PrintStream out) {
        ReplayResult result = replay.replay();
        print(result, out);
        result.ledgerProblems().forEach(d -> out.println("ledger problem: " + d));
        return result.ledgerProblems().isEmpty() ? 0 : 1;
    }

    private static int check(Replay replay, PrintStream out) {
        ReplayResult result = replay.replay();
        print(result, out);
        List<Difference> differences = Replay.compare(result, replay.liveSpend());
        if (differences.isEmpty()) {
            out.println("check: the replayed ledger matches the live spend table for " + result.totals().size() + " keys");
            return 0;
        }
        differences.forEach(d -> out.println("difference: " + d));
        out.println("check: " + differences.size() + " differences");
        return 1;
    }

    private static void print(ReplayResult result, PrintStream out) {
        out.printf("%-21s %10s %10s %22s%n", "key", "entries", "billed", "spent total (USD)");
        for (Map.Entry<String, KeyTotals> e : result.totals().entrySet()) {
            KeyTotals t = e.getValue();
            out.printf("%-21s %10d %10d %22s%n", e.getKey(), t.entries(), t.billedRequests(),
                    Usd.ofNanos(t.spentTotalNanoUsd()));
            t.spendByDay().forEach((day, nanos) -> out.printf("  %s %44s%n", day, Usd.ofNanos(nanos)));
        }
    }

    private static int reprice(Replay replay, String version, PrintStream out) {
        Repricing result;
        try {
            result = replay.reprice(version);
        } catch (IllegalArgumentException unpublished) {
            out.println("reprice: no published rate card " + version + " (" + unpublished.getMessage() + ")");
            return 2;
        }
        out.printf("%-21s %-32s %8s %18s %18s %18s%n", "key", "model", "charges", "booked (USD)",
                "under " + version, "difference");
        result.lines().forEach((key, models) -> models.forEach((model, line) ->
                out.printf("%-21s %-32s %8d %18s %18s %18s%n", key, model, line.charges(),
                        Usd.ofNanos(line.recordedNanoUsd()), Usd.ofNanos(line.repricedNanoUsd()),
                        signed(line.differenceNanoUsd()))));
        long booked = result.recordedTotalNanoUsd();
        long repriced = result.repricedTotalNanoUsd();
        out.printf("reprice: %d keys, booked %s, under %s %s, difference %s%n", result.lines().size(), Usd.ofNanos(booked),
                version, Usd.ofNanos(repriced), signed(Math.subtractExact(repriced, booked)));
        result.problems().forEach(d -> out.println("unexplained: " + d));
        return result.problems().isEmpty() ? 0 : 1;
    }

    private static String signed(long nanos) {
        return (nanos < 0 ? "-" : "+") + Usd.ofNanos(Math.abs(nanos));
    }
}
