package xyz.pura.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static xyz.pura.ledger.LedgerHarness.KEY;
import static xyz.pura.ledger.LedgerHarness.invoiceId;
import static xyz.pura.ledger.LedgerHarness.ok;
import static xyz.pura.ledger.LedgerHarness.settled;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.KeyEvent;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.SpendView;

/** A key's terms on pura.keys (its budget and its own free tier), from whole-state records as compaction leaves them. */
class KeyTermsTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final String HASH = "b".repeat(64);

    private final LedgerHarness ledger = new LedgerHarness(LedgerConfig.defaults().withFreeRequests(3), T0);

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void shouldDebitSatsFromTheFirstRequestOfAKeyWithoutAFreeTier() {
        ledger.pipe(new KeyEvent.KeyCreated(2, "c1", T0, KEY, HASH, "pura_01234567", "farmed", 10_000_000_000L, 0L));
        ledger.pipe(settled(invoiceId(7), KEY, 10_000_000, T0.plusSeconds(1)));
        ledger.pipe(ok("r1", "gpt-4o", 1_000_000, T0.plusSeconds(2)));

        List<LedgerEntry> debits = ledger.ledger().stream().filter(LedgerEntry::isRequestDebit).toList();
        assertThat(debits).extracting(LedgerEntry::amountMsat).containsExactly(1100L);
        assertThat(ledger.views().getLast().freeRequestsLimit()).isEqualTo(0L);
        assertThat(ledger.queries().balance(KEY).freeRequestsLimit()).isEqualTo(0L);
    }

    @Test
    void shouldTakeTheBudgetAndFreeTierFromAWholeStateRecordAlone() {
        // compaction left only the latest record: a revocation that carries the key's state
        ledger.pipe(new KeyEvent.KeyRevoked(2, "r1", T0, KEY, HASH, "pura_01234567", "agent", 2_500_000_000L, 1L));
        ledger.pipe(ok("r1", "gpt-4o", 1_000_000, T0.plusSeconds(1)));
        ledger.pipe(ok("r2", "gpt-4o", 1_000_000, T0.plusSeconds(2)));

        SpendView last = ledger.views().getLast();
        assertThat(last.dailyBudgetNanoUsd()).isEqualTo(2_500_000_000L);
        assertThat(last.freeRequestsLimit()).isEqualTo(1L);
        assertThat(ledger.ledger().stream().filter(LedgerEntry::isRequestDebit).toList())
                .extracting(LedgerEntry::amountMsat).containsExactly(0L, 1100L);
    }

    @Test
    void shouldKeepTheFreeTierOnALegacyBudgetChangeAndEmitNothingForARepublishedState() {
        ledger.pipe(new KeyEvent.KeyCreated(2, "c1", T0, KEY, HASH, "pura_01234567", "agent", 10_000_000_000L, 0L));
        ledger.keyUpdated(KEY, 5_000_000_000L, T0.plusSeconds(1));
        int views = ledger.views().size();
        assertThat(views).isEqualTo(2);
        ledger.pipe(new KeyEvent.KeyUpdated(2, "u2", T0.plusSeconds(2), KEY, "agent", 5_000_000_000L, HASH,
                "pura_01234567", false, 0L));

        assertThat(ledger.views()).as("a re-published state changes nothing").isEmpty();
        assertThat(ledger.queries().balance(KEY).freeRequestsLimit()).isEqualTo(0L);
        assertThat(ledger.queries().spendView(KEY, T0.plusSeconds(3)).orElseThrow().dailyBudgetNanoUsd())
                .isEqualTo(5_000_000_000L);
    }
}
