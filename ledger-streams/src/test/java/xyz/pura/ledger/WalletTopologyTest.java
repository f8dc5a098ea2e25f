package xyz.pura.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static xyz.pura.ledger.LedgerHarness.KEY;
import static xyz.pura.ledger.LedgerHarness.OTHER_KEY;
import static xyz.pura.ledger.LedgerHarness.invoiceId;
import static xyz.pura.ledger.LedgerHarness.ok;
import static xyz.pura.ledger.LedgerHarness.settled;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.EventSchemas;
import xyz.pura.events.Json;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.SatsRate;
import xyz.pura.events.SpendView;
import xyz.pura.events.Topics;
import xyz.pura.events.WalletBalance;
import xyz.pura.events.WalletEvent;

class WalletTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final long RATE = 1_100_000; // msat per USD at the default 1100 sats/USD
    private static final String INVOICE = invoiceId(1);

    private LedgerHarness ledger = harness(3);

    private static LedgerHarness harness(long freeRequests) {
        return new LedgerHarness(LedgerConfig.defaults().withFreeRequests(freeRequests), T0);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void shouldDebitNoSatsForTheFirstFreeRequestsAndCeilOfCostTimesRateFromTheNext() {
        // given a key funded with 10,000 sats and 3 free requests
        ledger.pipe(settled(INVOICE, KEY, 10_000_000, at(0)));
        // when it makes 5 billed requests
        ledger.pipe(ok("r1", "gpt-4o", 8_755_000, at(1)));
        ledger.pipe(ok("r2", "gpt-4o", 8_755_000, at(2)));
        ledger.pipe(ok("r3", "gpt-4o", 8_755_000, at(3)));
        ledger.pipe(ok("r4", "gpt-4o", 8_755_000, at(4)));
        ledger.pipe(ok("r5", "gpt-4o", 1, at(5)));

        // then requests 1-3 debit 0 msat (their USD cost still booked), 4 and 5 debit their cost in sats
        List<LedgerEntry> debits = ledger.ledger().stream().filter(LedgerEntry::isRequestDebit).toList();
        assertThat(debits).extracting(LedgerEntry::amountNanoUsd)
                .containsExactly(8_755_000L, 8_755_000L, 8_755_000L, 8_755_000L, 1L);
        // 8,755,000 nUSD * 1,100,000 msat/USD / 1e9 = 9630.5 msat -> 9631; 1 nUSD -> 0.0011 msat -> 1
        assertThat(debits).extracting(LedgerEntry::amountMsat).containsExactly(0L, 0L, 0L, 9631L, 1L);
        assertThat(debits).extracting(LedgerEntry::msatPerUsd).containsExactly(null, null, null, RATE, RATE);
        assertThat(debits).extracting(LedgerEntry::billedRequestsAfter).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(debits).extracting(LedgerEntry::balanceAfterMsat)
                .containsExactly(10_000_000L, 10_000_000L, 10_000_000L, 9_990_369L, 9_990_368L);

        SpendView last = ledger.views().getLast();
        assertThat(last.freeRequestsUsed()).isEqualTo(5);
        assertThat(last.freeRequestsLimit()).isEqualTo(3);
        assertThat(last.balanceMsat()).isEqualTo(9_990_368);
        assertThat(last.creditedMsat()).isEqualTo(10_000_000);
        assertThat(last.spentTotalNanoUsd()).isEqualTo(4 * 8_755_000L + 1);
    }

    @Test
    void shouldRoundACostOfOneNanoUsdUpToOneMillisat() {
        ledger.close();
        ledger = harness(0);

        ledger.pipe(ok("tiny", "gpt-4o-mini", 1, at(0)));
        ledger.pipe(ok("free-of-cost", "gpt-4o-mini", 0, at(1)));

        assertThat(ledger.ledger()).extracting(LedgerEntry::amountMsat).containsExactly(1L, 0L);
        assertThat(new SatsRate(RATE).msatFor(1)).isEqualTo(1);
    }

    @Test
    void shouldLowerTheBalanceByExactlyTheSumOfTheSatsDebits() {
        ledger.pipe(settled(INVOICE, KEY, 50_000_000, at(0)));
        long[] costs = {1, 999, 1_000_000, 12_345_678, 909, 910, 2_500_000_000L, 7, 123_456_789, 33};
        long debited = 0;
        for (int i = 0; i < costs.length; i++) {
            ledger.pipe(ok("r" + i, "gpt-4o", costs[i], at(10 + i)));
            if (i >= 3) {
                debited += new SatsRate(RATE).msatFor(costs[i]);
            }
        }

        List<LedgerEntry> entries = ledger.ledger();
        long summed = entries.stream().filter(LedgerEntry::isDebit).mapToLong(LedgerEntry::amountMsat).sum();
        assertThat(summed).isEqualTo(debited);
        assertThat(entries.getLast().balanceAfterMsat()).isEqualTo(50_000_000 - debited);
        WalletBalance balance = ledger.queries().balance(KEY);
        assertThat(balance.balanceMsat()).isEqualTo(50_000_000 - debited);
        assertThat(balance.freeRequestsUsed()).isEqualTo(costs.length);
        assertThat(balance.freeRequestsLeft()).isZero();
        assertThat(ledger.queries().spendView(KEY, at(100)).orElseThrow().balanceMsat()).isEqualTo(50_000_000 - debited);
    }

    @Test
    void shouldCreditASettledInvoiceOnceWhenItsSettlementArrivesTwiceAndAgainAfterTheDedupWindow() {
        WalletEvent.InvoiceSettled settlement = settled(INVOICE, KEY, 10_000_000, at(0));
        ledger.pipe(settlement);
        // a second poll of the same settlement, and a re-poll after a restart
        ledger.pipe(settlement);
        ledger.pipe(WalletEvent.InvoiceSettled.of(at(60), INVOICE, KEY, 10_000_000, at(-1)));
        // and, 30 days later (far beyond the 7-day completion dedup window), a replayed settlement
        Instant later = T0.plus(Duration.ofDays(30));
        ledger.pipe(ok("r-later", "gpt-4o", 5, later));
        ledger.pipe(WalletEvent.InvoiceSettled.of(later.plusSeconds(1), INVOICE, KEY, 10_000_000, at(-1)));

        List<LedgerEntry> credits = ledger.ledger().stream().filter(LedgerEntry::isInvoiceCredit).toList();
        assertThat(credits).singleElement().satisfies(c -> {
            assertThat(c.eventId()).isEqualTo(INVOICE + ":credit");
            assertThat(c.kind()).isEqualTo(LedgerEntry.CREDIT);
            assertThat(c.source()).isEqualTo(LedgerEntry.SOURCE_INVOICE);
            assertThat(c.sourceId()).isEqualTo(INVOICE);
            assertThat(c.amountMsat()).isEqualTo(10_000_000);
            assertThat(c.amountNanoUsd()).isZero();
            assertThat(c.sequence()).isEqualTo(1);
            assertThat(c.balanceAfterMsat()).isEqualTo(10_000_000);
        });
        WalletBalance balance = ledger.queries().balance(KEY);
        assertThat(balance.creditedMsat()).isEqualTo(10_000_000);
        assertThat(balance.balanceMsat()).isEqualTo(10_000_000); // r-later is the first request: free
        assertThat(balance.ledgerSequence()).isEqualTo(2);
    }

    @Test
    void shouldCreditEachInvoiceOfAKeyAndKeepKeysApart() {
        ledger.pipe(settled(invoiceId(1), KEY, 1_000_000, at(0)));
        ledger.pipe(settled(invoiceId(2), KEY, 2_000_000, at(1)));
        ledger.pipe(settled(invoiceId(3), OTHER_KEY, 5_000_000, at(2)));

        assertThat(ledger.queries().balance(KEY).balanceMsat()).isEqualTo(3_000_000);
        assertThat(ledger.queries().balance(OTHER_KEY).balanceMsat()).isEqualTo(5_000_000);
        assertThat(ledger.ledgerRecords()).extracting(kv -> kv.key).containsExactly(KEY, KEY, OTHER_KEY);
    }

    @Test
    void shouldMoveNoMoneyOnCreatedOrExpiredInvoicesNorOnASettlementFiledUnderAnotherKey() {
        ledger.pipe(WalletEvent.InvoiceCreated.of(at(0), INVOICE, KEY, 10_000, "lnbc100u1pdevxyz", at(3600),
                WalletEvent.BACKEND_DEV));
        ledger.pipe(WalletEvent.InvoiceExpired.of(at(3600), INVOICE, KEY));
        // a settlement whose record key is not its keyId: not credited (replay reports it)
        WalletEvent.InvoiceSettled misfiled = settled(invoiceId(9), KEY, 1_000, at(3601));
        ledger.driver.createInputTopic(Topics.WALLET.name(), new org.apache.kafka.common.serialization.StringSerializer(),
                Topics.WALLET.valueSerde()).pipeInput(OTHER_KEY, misfiled, at(3601));

        assertThat(ledger.ledger()).isEmpty();
        assertThat(ledger.views()).isEmpty();
        assertThat(ledger.queries().balance(OTHER_KEY).balanceMsat()).isZero();
    }

    @Test
    void shouldRecordANegativeBalanceWithoutClampingIt() {
        ledger.close();
        ledger = harness(1);
        ledger.pipe(settled(INVOICE, KEY, 1_000, at(0)));
        ledger.pipe(ok("free", "gpt-4o", 1_000_000, at(1)));
        // in flight when admitted: costs 1100 msat against a 1000 msat balance
        ledger.pipe(ok("overshoot", "gpt-4o", 1_000_000, at(2)));

        assertThat(ledger.ledger().getLast().balanceAfterMsat()).isEqualTo(-100);
        assertThat(ledger.views().getLast().balanceMsat()).isEqualTo(-100);
        assertThat(ledger.queries().balance(KEY).balanceSats()).isEqualTo(-1);
    }

    @Test
    void shouldAnswerTheWalletApiWithTheBalanceAndTheLastEntriesNewestFirst() {
        ledger.pipe(settled(INVOICE, KEY, 100_000_000, at(0)));
        for (int i = 1; i <= 24; i++) {
            ledger.pipe(ok("r" + i, "gpt-4o", 1_000_000, at(i)));
        }
        LedgerQueries queries = ledger.queries();

        WalletBalance balance = queries.balance(KEY);
        assertThat(balance.freeRequestsUsed()).isEqualTo(24);
        assertThat(balance.freeRequestsLimit()).isEqualTo(3);
        assertThat(balance.balanceMsat()).isEqualTo(100_000_000 - 21 * 1_100L);
        assertThat(balance.ledgerSequence()).isEqualTo(25);
        assertThat(queries.recentEntries(KEY, 5)).extracting(LedgerEntry::sequence).containsExactly(25L, 24L, 23L, 22L, 21L);
        assertThat(queries.recentEntries(KEY, 100)).hasSize(LedgerTopology.RECENT_ENTRIES)
                .extracting(LedgerEntry::sequence).startsWith(25L).endsWith(6L);
        assertThat(queries.recentEntries(KEY, 0)).isEmpty();

        WalletBalance unknown = queries.balance(OTHER_KEY);
        assertThat(unknown.balanceMsat()).isZero();
        assertThat(unknown.freeRequestsLeft()).isEqualTo(3);
        assertThat(unknown.funded()).isFalse();
        assertThat(queries.recentEntries(OTHER_KEY, 20)).isEmpty();
    }

    @Test
    void shouldWriteCreditsSatsDebitsAndViewsThatValidateAgainstTheirSchemas() {
        ledger.pipe(settled(INVOICE, KEY, 10_000_000, at(0)));
        for (int i = 1; i <= 5; i++) {
            ledger.pipe(ok("r" + i, "gpt-4o", 1_234_567, at(i)));
        }

        for (LedgerEntry e : ledger.ledger()) {
            assertThat(EventSchemas.validate(Topics.LEDGER, Json.mapper().valueToTree(e))).as(e.eventId()).isEmpty();
        }
        for (SpendView v : ledger.views()) {
            assertThat(EventSchemas.validate(Topics.SPEND, Json.mapper().valueToTree(v))).as(v.eventId()).isEmpty();
        }
    }
}
