package xyz.pura.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static xyz.pura.ledger.LedgerHarness.KEY;
import static xyz.pura.ledger.LedgerHarness.OTHER_KEY;
import static xyz.pura.ledger.LedgerHarness.invoiceId;
import static xyz.pura.ledger.LedgerHarness.ok;
import static xyz.pura.ledger.LedgerHarness.settled;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.PuraEvent;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.SpendView;
import xyz.pura.events.WalletEvent;
import xyz.pura.ledger.internal.ReplayAccumulator;

class WalletReplayTest {
    private static final Instant T0 = Instant.parse("2026-11-25T23:59:00Z");

    private final LedgerHarness ledger = new LedgerHarness(LedgerConfig.defaults().withFreeRequests(2), T0);
    private final List<PuraEvent> sent = new ArrayList<>(List.of(
            ok("r1", "gpt-4o", 100, T0),
            settled(invoiceId(1), KEY, 5_000_000, T0.plusSeconds(1)),
            ok("r2", "gpt-4o", 200, T0.plusSeconds(2)),
            ok("r3", "gpt-4o", 3_000_000, T0.plusSeconds(120)), // the next UTC day, beyond the free tier
            settled(invoiceId(1), KEY, 5_000_000, T0.plusSeconds(121)), // the same settlement again
            settled(invoiceId(2), OTHER_KEY, 7_000, T0.plusSeconds(122)),
            ok("r4", "gpt-4o", 1, T0.plusSeconds(123))));

    @AfterEach
    void close() {
        ledger.close();
    }

    private List<KeyValue<String, LedgerEntry>> run() {
        for (PuraEvent e : sent) {
            switch (e) {
                case RequestCompleted c -> ledger.pipe(c);
                case WalletEvent w -> ledger.pipe(w);
                default -> throw new IllegalArgumentException(e.toString());
            }
        }
        return ledger.ledgerRecords();
    }

    private ReplayResult replay(List<KeyValue<String, LedgerEntry>> entries, List<PuraEvent> inputs) {
        ReplayAccumulator acc = new ReplayAccumulator();
        entries.forEach(kv -> acc.add(kv.key, kv.value));
        for (PuraEvent e : inputs) {
            switch (e) {
                case RequestCompleted c -> acc.expect(c.keyId(), c);
                case WalletEvent w -> acc.expect(w.keyId(), w);
                default -> throw new IllegalArgumentException(e.toString());
            }
        }
        return acc.result();
    }

    private Map<String, SpendView> liveTable() {
        Map<String, SpendView> live = new TreeMap<>();
        ledger.viewRecords().forEach(kv -> live.put(kv.key, kv.value));
        return live;
    }

    @Test
    void shouldAgreeWithTheLiveTablesIncludingCreditsAndSatsDebits() {
        List<KeyValue<String, LedgerEntry>> entries = run();

        ReplayResult replayed = replay(entries, sent);

        assertThat(Replay.compare(replayed, liveTable())).isEmpty();
        KeyTotals key = replayed.totals().get(KEY);
        assertThat(key.credits()).isEqualTo(1);
        assertThat(key.creditedMsat()).isEqualTo(5_000_000);
        assertThat(key.debitedMsat()).isEqualTo(3_300 + 1); // r3: 3,000,000 nUSD at 1100 sats/USD; r4: 1 nUSD
        assertThat(key.balanceMsat()).isEqualTo(5_000_000 - 3_301);
        assertThat(key.balanceMsat()).isEqualTo(ledger.queries().balance(KEY).balanceMsat());
        assertThat(replayed.totals().get(OTHER_KEY).balanceMsat()).isEqualTo(7_000);
    }

    @Test
    void shouldReportASettledInvoiceWithoutItsCredit() {
        List<KeyValue<String, LedgerEntry>> entries = run();
        List<PuraEvent> inputs = new ArrayList<>(sent);
        inputs.add(settled(invoiceId(3), KEY, 1_000, T0.plusSeconds(500))); // settled, never booked

        List<Difference> differences = replay(entries, inputs).ledgerProblems();

        assertThat(differences).singleElement().satisfies(d -> {
            assertThat(d.what()).isEqualTo("missing-credit");
            assertThat(d.replayed()).isEqualTo(invoiceId(3) + ":credit");
        });
    }

    @Test
    void shouldReportACreditWithoutItsSettlement() {
        List<KeyValue<String, LedgerEntry>> entries = run();
        List<PuraEvent> inputs = new ArrayList<>(sent);
        inputs.removeIf(e -> e instanceof WalletEvent w && w.invoiceId().equals(invoiceId(2)));

        List<Difference> differences = replay(entries, inputs).ledgerProblems();

        assertThat(differences).singleElement().satisfies(d -> {
            assertThat(d.what()).isEqualTo("credit-without-settlement");
            assertThat(d.keyId()).isEqualTo(OTHER_KEY);
        });
    }

    @Test
    void shouldReportAnInvoiceCreditedTwice() {
        List<KeyValue<String, LedgerEntry>> entries = new ArrayList<>(run());
        LedgerEntry credit = entries.stream().map(kv -> kv.value).filter(LedgerEntry::isInvoiceCredit)
                .filter(e -> e.keyId().equals(KEY)).findFirst().orElseThrow();
        // the same credit id twice, and a second credit of the same invoice under another id
        entries.add(KeyValue.pair(KEY, credit));
        entries.add(KeyValue.pair(KEY, copyWithId(credit, "forged:credit")));

        ReplayResult replayed = replay(entries, sent);

        assertThat(replayed.ledgerProblems()).extracting(Difference::what).contains("duplicate-entry", "duplicate-credit");
        assertThat(Replay.compare(replayed, liveTable())).extracting(Difference::what)
                .contains("balanceMsat", "creditedMsat");
    }

    @Test
    void shouldReportASatsDebitThatIsNotItsCostAtItsRate() {
        List<KeyValue<String, LedgerEntry>> entries = new ArrayList<>(run());
        LedgerEntry r3 = entries.stream().map(kv -> kv.value).filter(e -> e.sourceId().equals("r3")).findFirst()
                .orElseThrow();
        entries.replaceAll(kv -> kv.value == r3 ? KeyValue.pair(kv.key, withMsat(r3, 3_299)) : kv);

        assertThat(replay(entries, sent).ledgerProblems()).extracting(Difference::what).contains("r3:debit amountMsat");
    }

    private static LedgerEntry copyWithId(LedgerEntry e, String id) {
        return new LedgerEntry(e.schemaVersion(), id, e.occurredAt(), e.keyId(), e.sequence() + 100, e.kind(),
                e.source(), e.sourceId(), e.amountNanoUsd(), e.amountMsat(), e.utcDay(), e.rateCardVersion(),
                e.provider(), e.model(), e.status(), e.inputTokens(), e.outputTokens(), e.byok(),
                e.spentDayAfterNanoUsd(), e.requestsDayAfter(), e.spentTotalAfterNanoUsd(), e.billedRequestsAfter(),
                e.balanceAfterMsat(), e.msatPerUsd());
    }

    private static LedgerEntry withMsat(LedgerEntry e, long msat) {
        return new LedgerEntry(e.schemaVersion(), e.eventId(), e.occurredAt(), e.keyId(), e.sequence(), e.kind(),
                e.source(), e.sourceId(), e.amountNanoUsd(), msat, e.utcDay(), e.rateCardVersion(),
                e.provider(), e.model(), e.status(), e.inputTokens(), e.outputTokens(), e.byok(),
                e.spentDayAfterNanoUsd(), e.requestsDayAfter(), e.spentTotalAfterNanoUsd(), e.billedRequestsAfter(),
                e.balanceAfterMsat(), e.msatPerUsd());
    }
}
