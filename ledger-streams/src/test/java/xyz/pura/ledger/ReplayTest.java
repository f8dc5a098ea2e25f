package xyz.pura.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static xyz.pura.ledger.LedgerHarness.KEY;
import static xyz.pura.ledger.LedgerHarness.OTHER_KEY;
import static xyz.pura.ledger.LedgerHarness.completion;
import static xyz.pura.ledger.LedgerHarness.ok;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.SpendView;
import xyz.pura.ledger.internal.ReplayAccumulator;

class ReplayTest {
    private static final Instant DAY1 = Instant.parse("2026-11-25T22:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-11-26T01:00:00Z");

    private final LedgerHarness ledger = new LedgerHarness(DAY1);
    private final List<RequestCompleted> sent = List.of(
            ok("r1", "gpt-4o", 100, DAY1),
            ok("r2", "gpt-4o-mini", 7, DAY1.plusSeconds(60)),
            completion("r3", OTHER_KEY, "groq", "llama-3.1-8b-instant", "ok", 3, 1, 1, 10, DAY1, List.of()),
            completion("r4", KEY, "groq", "llama-3.1-8b-instant", "upstream_error", 0, 1, 0, 10, DAY2, List.of()),
            ok("r5", "gpt-4o", 40, DAY2));

    @AfterEach
    void close() {
        ledger.close();
    }

    private List<KeyValue<String, LedgerEntry>> run() {
        ledger.keyCreated(KEY, 1_000_000_000L, DAY1.minusSeconds(3600));
        sent.forEach(ledger::pipe);
        return ledger.ledgerRecords();
    }

    private static Map<String, SpendView> table(List<KeyValue<String, SpendView>> views) {
        Map<String, SpendView> live = new TreeMap<>();
        views.forEach(kv -> live.put(kv.key, kv.value));
        return live;
    }

    private ReplayResult replay(List<KeyValue<String, LedgerEntry>> entries) {
        ReplayAccumulator acc = new ReplayAccumulator();
        entries.forEach(kv -> acc.add(kv.key, kv.value));
        sent.forEach(c -> acc.expect(c.keyId(), c));
        return acc.result();
    }

    @Test
    void shouldRecomputeTheLiveTotalsFromTheLedgerAlone() {
        List<KeyValue<String, LedgerEntry>> entries = run();
        Map<String, SpendView> live = table(ledger.viewRecords());

        ReplayResult replayed = replay(entries);

        assertThat(Replay.compare(replayed, live)).isEmpty();
        KeyTotals key = replayed.totals().get(KEY);
        assertThat(key.spendOn(LocalDate.of(2026, 11, 25))).isEqualTo(107);
        assertThat(key.spendOn(LocalDate.of(2026, 11, 26))).isEqualTo(40);
        assertThat(key.spentTotalNanoUsd()).isEqualTo(147);
        assertThat(key.billedRequests()).isEqualTo(3);
        assertThat(replayed.totals().get(OTHER_KEY).spentTotalNanoUsd()).isEqualTo(3);
    }

    @Test
    void shouldReportADoubledEntryAndTheTotalsItBreaks() {
        List<KeyValue<String, LedgerEntry>> entries = new java.util.ArrayList<>(run());
        entries.add(entries.getFirst());

        List<Difference> differences = Replay.compare(replay(entries), table(ledger.viewRecords()));

        assertThat(differences).extracting(Difference::what).contains("duplicate-entry");
    }

    @Test
    void shouldReportALostEntryAndAStaleLiveTable() {
        List<KeyValue<String, LedgerEntry>> entries = new java.util.ArrayList<>(run());
        entries.removeLast(); // r5's debit lost

        List<Difference> differences = Replay.compare(replay(entries), table(ledger.viewRecords()));

        assertThat(differences).extracting(Difference::what)
                .contains("missing-debit", "ledgerSequence", "spentTotalNanoUsd", "spentTodayNanoUsd[2026-11-26]");
        assertThat(differences).filteredOn(d -> d.what().equals("missing-debit"))
                .singleElement().satisfies(d -> assertThat(d.replayed()).isEqualTo("r5:debit"));
    }
}
