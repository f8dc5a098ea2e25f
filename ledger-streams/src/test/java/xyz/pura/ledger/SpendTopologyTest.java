package xyz.pura.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static xyz.pura.ledger.LedgerHarness.KEY;
import static xyz.pura.ledger.LedgerHarness.OTHER_KEY;
import static xyz.pura.ledger.LedgerHarness.completion;
import static xyz.pura.ledger.LedgerHarness.ok;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.EventSchemas;
import xyz.pura.events.Json;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.SpendView;
import xyz.pura.events.Topics;

class SpendTopologyTest {
    private static final Instant DAY1 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant LAST_MS_OF_DAY1 = Instant.parse("2026-11-25T23:59:59.999Z");
    private static final Instant MIDNIGHT = Instant.parse("2026-11-26T00:00:00Z");
    private static final long TEN_USD = 10_000_000_000L;

    private final LedgerHarness ledger = new LedgerHarness(DAY1);

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void shouldAccumulateSpendPerUtcDayAndResetAtMidnightUtc() {
        // given two requests on Nov 25, the second in its last millisecond
        ledger.pipe(ok("r1", "gpt-4o", 100, DAY1));
        ledger.pipe(ok("r2", "gpt-4o", 250, LAST_MS_OF_DAY1));
        // when one arrives at 00:00:00.000 UTC on Nov 26
        ledger.pipe(ok("r3", "gpt-4o", 40, MIDNIGHT));

        // then the day's spend accumulated, and the new day started from 0
        List<SpendView> views = ledger.views();
        assertThat(views).extracting(SpendView::utcDay).containsExactly(
                LocalDate.of(2026, 11, 25), LocalDate.of(2026, 11, 25), LocalDate.of(2026, 11, 26));
        assertThat(views).extracting(SpendView::spentTodayNanoUsd).containsExactly(100L, 350L, 40L);
        assertThat(views).extracting(SpendView::requestsToday).containsExactly(1L, 2L, 1L);
        SpendView last = views.getLast();
        assertThat(last.remainingNanoUsd()).isEqualTo(TEN_USD - 40);
        assertThat(last.spentTotalNanoUsd()).isEqualTo(390);
        assertThat(last.freeRequestsUsed()).isEqualTo(3);
        assertThat(last.ledgerSequence()).isEqualTo(3);

        List<LedgerEntry> entries = ledger.ledger();
        assertThat(entries).extracting(LedgerEntry::eventId).containsExactly("r1:debit", "r2:debit", "r3:debit");
        assertThat(entries).extracting(LedgerEntry::spentDayAfterNanoUsd).containsExactly(100L, 350L, 40L);
        assertThat(entries).extracting(LedgerEntry::sequence).containsExactly(1L, 2L, 3L);
        for (LedgerEntry e : entries) {
            assertThat(EventSchemas.validate(Topics.LEDGER, Json.mapper().valueToTree(e))).isEmpty();
        }
        for (SpendView v : views) {
            assertThat(EventSchemas.validate(Topics.SPEND, Json.mapper().valueToTree(v))).isEmpty();
        }
    }

    @Test
    void shouldReadNothingSpentOnADayWithoutRequests() {
        ledger.pipe(ok("r1", "gpt-4o", 100, DAY1));

        LedgerQueries queries = ledger.queries();
        assertThat(queries.spendView(KEY, DAY1).orElseThrow().spentTodayNanoUsd()).isEqualTo(100);
        SpendView nextDay = queries.spendView(KEY, MIDNIGHT).orElseThrow();
        assertThat(nextDay.spentTodayNanoUsd()).isZero();
        assertThat(nextDay.remainingNanoUsd()).isEqualTo(TEN_USD);
        assertThat(nextDay.freeRequestsUsed()).isEqualTo(1);
        assertThat(queries.spendView(OTHER_KEY, DAY1)).isEmpty();
    }

    @Test
    void shouldCountADuplicateOfATimedRequestIdOnceWhateverItsTimestamp() {
        String id = xyz.pura.events.RequestIds.next(DAY1.toEpochMilli() - 2_000);
        RequestCompleted c = ok(id, "gpt-4o", 1_000, DAY1);
        ledger.pipe(c);
        ledger.pipe(ok("r-other", "gpt-4o", 5, DAY1.plusSeconds(1)));
        // the same event again, and replayed an hour later under another timestamp
        ledger.pipe(c);
        ledger.pipe(new RequestCompleted(c.schemaVersion(), c.eventId(), DAY1.plusSeconds(3600), c.requestId(),
                c.keyId(), c.provider(), c.model(), c.tier(), c.status(), c.httpStatus(), c.errorCode(), c.latencyMs(),
                c.ttfbMs(), c.stream(), c.inputTokens(), c.outputTokens(), c.providerUsage(), c.costNanoUsd(),
                c.rateCardVersion(), c.explored(), c.byok(), c.attempts()));

        assertThat(ledger.ledger()).hasSize(2);
        assertThat(ledger.queries().spendView(KEY, DAY1).orElseThrow().spentTodayNanoUsd()).isEqualTo(1_005);
    }

    @Test
    void shouldCountADuplicateCompletionEventOnce() {
        RequestCompleted c = ok("r1", "gpt-4o", 1_000, DAY1);
        ledger.pipe(c);
        // a producer retry, and the same event replayed an hour later
        ledger.pipe(c);
        ledger.pipe(new RequestCompleted(c.schemaVersion(), c.eventId(), DAY1.plusSeconds(3600), c.requestId(),
                c.keyId(), c.provider(), c.model(), c.tier(), c.status(), c.httpStatus(), c.errorCode(), c.latencyMs(),
                c.ttfbMs(), c.stream(), c.inputTokens(), c.outputTokens(), c.providerUsage(), c.costNanoUsd(),
                c.rateCardVersion(), c.explored(), c.byok(), c.attempts()));

        assertThat(ledger.ledger()).hasSize(1);
        assertThat(ledger.views()).hasSize(1);
        SpendView view = ledger.queries().spendView(KEY, DAY1).orElseThrow();
        assertThat(view.spentTodayNanoUsd()).isEqualTo(1_000);
        assertThat(view.requestsToday()).isEqualTo(1);
        assertThat(ledger.queries().report(KEY, DAY1.plusSeconds(7200)).requestCount()).isEqualTo(1);
    }

    @Test
    void shouldTakeTheDailyBudgetFromKeyCreatedAndKeyUpdated() {
        // given a key created with a $1 budget
        ledger.keyCreated(KEY, 1_000_000_000L, DAY1);
        ledger.pipe(ok("r1", "gpt-4o", 300_000_000L, DAY1.plusSeconds(60)));
        // when its budget is lowered to $0.50, then only its label changes
        ledger.keyUpdated(KEY, 500_000_000L, DAY1.plusSeconds(120));
        ledger.keyUpdated(KEY, null, DAY1.plusSeconds(180));
        ledger.pipe(ok("r2", "gpt-4o", 300_000_000L, DAY1.plusSeconds(240)));

        // then every view carries the budget in force and the remaining amount never goes below 0
        List<SpendView> views = ledger.views();
        assertThat(views).extracting(SpendView::dailyBudgetNanoUsd)
                .containsExactly(1_000_000_000L, 1_000_000_000L, 500_000_000L, 500_000_000L);
        assertThat(views).extracting(SpendView::remainingNanoUsd)
                .containsExactly(1_000_000_000L, 700_000_000L, 200_000_000L, 0L);
        assertThat(views).extracting(SpendView::eventId).doesNotHaveDuplicates();
    }

    @Test
    void shouldUseTheConfiguredDefaultBudgetForAKeyWithoutOne() {
        ledger.pipe(ok("r1", "gpt-4o", 5, DAY1));

        assertThat(ledger.views().getLast().dailyBudgetNanoUsd()).isEqualTo(LedgerConfig.defaults().defaultDailyBudget().nanos());
    }

    @Test
    void shouldBillACancelledStreamWithTokensButNotAFailureWithoutCost() {
        ledger.pipe(completion("cancelled", KEY, "groq", "llama-3.3-70b-versatile", "client_cancelled", 500, 40, 12,
                900, DAY1, List.of()));
        ledger.pipe(completion("cancelled-early", KEY, "groq", "llama-3.3-70b-versatile", "client_cancelled", 0, 40, 0,
                20, DAY1.plusSeconds(1), List.of()));
        ledger.pipe(completion("upstream", KEY, "groq", "llama-3.3-70b-versatile", "upstream_error", 0, 40, 0,
                300, DAY1.plusSeconds(2), List.of()));
        ledger.pipe(completion("gateway", KEY, "groq", "llama-3.3-70b-versatile", "gateway_error", 0, 40, 0,
                5, DAY1.plusSeconds(3), List.of()));

        List<LedgerEntry> entries = ledger.ledger();
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.sourceId()).isEqualTo("cancelled");
            assertThat(e.status()).isEqualTo("client_cancelled");
            assertThat(e.amountNanoUsd()).isEqualTo(500);
            assertThat(e.outputTokens()).isEqualTo(12);
        });
        assertThat(ledger.queries().spendView(KEY, DAY1).orElseThrow().spentTodayNanoUsd()).isEqualTo(500);
    }

    @Test
    void shouldBookALateCompletionToTheKeysCurrentDay() {
        ledger.pipe(ok("r1", "gpt-4o", 100, MIDNIGHT.plusSeconds(5)));
        // a completion from 23:59:59.999 arrives after the key already rolled over
        ledger.pipe(ok("late", "gpt-4o", 7, LAST_MS_OF_DAY1));

        LedgerEntry late = ledger.ledger().getLast();
        assertThat(late.utcDay()).isEqualTo(LocalDate.of(2026, 11, 26));
        assertThat(late.occurredAt()).isEqualTo(LAST_MS_OF_DAY1);
        assertThat(late.spentDayAfterNanoUsd()).isEqualTo(107);
        assertThat(ledger.views().getLast().spentTodayNanoUsd()).isEqualTo(107);
    }

    @Test
    void shouldKeepEachKeysAccountApart() {
        ledger.pipe(ok("r1", "gpt-4o", 100, DAY1));
        ledger.pipe(completion("r2", OTHER_KEY, "openai", "gpt-4o", "ok", 9, 1, 1, 10, DAY1, List.of()));

        assertThat(ledger.queries().spendView(KEY, DAY1).orElseThrow().spentTodayNanoUsd()).isEqualTo(100);
        assertThat(ledger.queries().spendView(OTHER_KEY, DAY1).orElseThrow().spentTodayNanoUsd()).isEqualTo(9);
        assertThat(ledger.ledgerRecords()).extracting(kv -> kv.key).containsExactly(KEY, OTHER_KEY);
    }
}
