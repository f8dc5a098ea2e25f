package xyz.pura.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static xyz.pura.ledger.LedgerHarness.KEY;
import static xyz.pura.ledger.LedgerHarness.OTHER_KEY;
import static xyz.pura.ledger.LedgerHarness.completion;
import static xyz.pura.ledger.LedgerHarness.ok;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.KeyReport;
import xyz.pura.events.KeyUsage;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.RequestCompleted;

/** The daily usage store: per key, UTC day and model, fed by the booked debits. */
class UsageTopologyTest {
    private static final Instant MIDNIGHT = Instant.parse("2026-12-07T00:00:00Z");
    private static final LocalDate DAY1 = LocalDate.parse("2026-12-06");
    private static final LocalDate DAY2 = LocalDate.parse("2026-12-07");

    private final LedgerHarness ledger = new LedgerHarness(MIDNIGHT.plus(Duration.ofHours(1)));

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void shouldSplitDebitsAtMidnightUtc() {
        // given debits a millisecond before midnight, at midnight and after it
        ledger.pipe(ok("late", "gpt-4o", 1_001, MIDNIGHT.minusMillis(1)));
        ledger.pipe(ok("early", "gpt-4o", 20, MIDNIGHT));
        ledger.pipe(ok("later", "gpt-4o-mini", 3, MIDNIGHT.plusSeconds(30)));

        // when the key's two days are read
        KeyUsage usage = ledger.queries().usage(KEY, DAY1, DAY2);

        // then the first debit is on the first day, the others on the second, per model
        assertThat(usage.days()).extracting(KeyUsage.Day::day).containsExactly(DAY1, DAY2);
        assertThat(usage.days().get(0).models()).containsExactly(
                new KeyReport.ModelUsage("gpt-4o", 1_001, 1, new KeyReport.Tokens(10, 0, 0, 0, 20, 0), 1));
        assertThat(usage.days().get(1).models()).containsExactly(
                new KeyReport.ModelUsage("gpt-4o", 20, 1, new KeyReport.Tokens(10, 0, 0, 0, 20, 0), 1),
                new KeyReport.ModelUsage("gpt-4o-mini", 3, 1, new KeyReport.Tokens(10, 0, 0, 0, 20, 0), 1));
        assertThat(usage.days().get(1).costNanoUsd()).isEqualTo(23);
        assertThat(usage.days().get(1).requests()).isEqualTo(2);
        // and each day is the sum of the ledger's debits booked to it
        assertThat(ledger.ledger()).filteredOn(e -> e.utcDay().equals(DAY2))
                .extracting(LedgerEntry::amountNanoUsd).containsExactly(20L, 3L);
        // and a range of one day holds only that day
        assertThat(ledger.queries().usage(KEY, DAY2, DAY2).days()).extracting(KeyUsage.Day::day).containsExactly(DAY2);
    }

    @Test
    void shouldCountADuplicateDebitOnce() {
        // given a completion delivered three times (a producer retry, a spool replayed later with another timestamp)
        RequestCompleted c = ok("req-1", "gpt-4o", 500, MIDNIGHT.plusSeconds(5));
        ledger.pipe(c);
        ledger.pipe(c);
        ledger.pipe(new RequestCompleted(c.schemaVersion(), c.eventId(), c.occurredAt().plusSeconds(60), c.requestId(),
                c.keyId(), c.provider(), c.model(), c.tier(), c.status(), c.httpStatus(), c.errorCode(), c.latencyMs(),
                c.ttfbMs(), c.stream(), c.inputTokens(), c.outputTokens(), c.providerUsage(), c.costNanoUsd(),
                c.rateCardVersion(), c.explored(), c.byok(), c.attempts(), c.usageSource(), c.charges(), c.endpoint()));

        // then the day counts it once, as the report and the ledger do
        KeyUsage.Day day = ledger.queries().usage(KEY, DAY2, DAY2).days().getFirst();
        assertThat(day.requests()).isEqualTo(1);
        assertThat(day.costNanoUsd()).isEqualTo(500);
        assertThat(ledger.queries().report(KEY, MIDNIGHT.plus(Duration.ofHours(1))).totalSpendNanoUsd()).isEqualTo(500);
        assertThat(ledger.ledger()).hasSize(1);
    }

    @Test
    void shouldSumTokensByComponentAsTheReportDoes() {
        // given a debit priced from the provider's usage and one from the estimate
        RequestCompleted.ProviderUsage usage = new RequestCompleted.ProviderUsage(3_000, 900, 1_024, 600, 512, 256);
        ledger.pipe(new RequestCompleted(1, RequestCompleted.eventIdFor("p1"), MIDNIGHT.plusSeconds(60), "p1",
                KEY, "anthropic", "claude-sonnet-4-5", "premium", "ok", 200, null, 10, null, false, 2_000, 300, usage,
                5_000, "2026-12-07", false, false, List.of(), RequestCompleted.USAGE_PROVIDER));
        ledger.pipe(completion("e1", KEY, "anthropic", "claude-sonnet-4-5", "client_cancelled", 700, 2_000, 40, 10,
                MIDNIGHT.plusSeconds(90), List.of()));

        // then the day's model line is the 24 h report's model line
        KeyReport.ModelUsage daily = ledger.queries().usage(KEY, DAY2, DAY2).days().getFirst().models().getFirst();
        KeyReport.ModelUsage report = ledger.queries().report(KEY, MIDNIGHT.plus(Duration.ofHours(1))).models().getFirst();
        assertThat(daily).isEqualTo(report);
        assertThat(daily.tokens()).isEqualTo(new KeyReport.Tokens(5_000, 1_024, 512, 256, 940, 600));
        assertThat(daily.estimatedRequests()).isEqualTo(1);
        // and the debit on pura.ledger carries the same components and the tier
        LedgerEntry p1 = ledger.ledger().getFirst();
        assertThat(p1.tier()).isEqualTo("premium");
        assertThat(p1.tokens().cacheReadTokens()).isEqualTo(1_024);
        assertThat(p1.tokens().inputTokens()).isEqualTo(3_000);
    }

    @Test
    void shouldBookALateCompletionToTheDayTheLedgerBooksItTo() {
        // given the key's day has rolled over, and then a completion of the day before arrives
        ledger.pipe(ok("today", "gpt-4o", 10, MIDNIGHT.plusSeconds(10)));
        ledger.pipe(ok("yesterday", "gpt-4o", 7, MIDNIGHT.minusSeconds(10)));

        // then it is on the key's current day, as its ledger entry says (a closed day never changes)
        assertThat(ledger.ledger()).extracting(LedgerEntry::utcDay).containsExactly(DAY2, DAY2);
        KeyUsage usage = ledger.queries().usage(KEY, DAY1, DAY2);
        assertThat(usage.days()).extracting(KeyUsage.Day::day).containsExactly(DAY2);
        assertThat(usage.days().getFirst().costNanoUsd()).isEqualTo(17);
    }

    @Test
    void shouldKeepKeysApartAndAnswerNothingForAKeyWithoutDebits() {
        ledger.pipe(ok("mine", "gpt-4o", 10, MIDNIGHT.plusSeconds(1)));
        ledger.pipe(completion("theirs", OTHER_KEY, "openai", "gpt-4o", "ok", 99, 1, 1, 10, MIDNIGHT.plusSeconds(2), List.of()));

        assertThat(ledger.queries().usage(KEY, DAY1, DAY2).days().getFirst().costNanoUsd()).isEqualTo(10);
        assertThat(ledger.queries().usage(OTHER_KEY, DAY1, DAY2).days().getFirst().costNanoUsd()).isEqualTo(99);
        assertThat(ledger.queries().usage("key_00000000000000ff", DAY1, DAY2).days()).isEmpty();
        assertThat(ledger.queries().usage(KEY, DAY2, DAY1).days()).isEmpty();
    }

    @Test
    void shouldDropDaysOlderThanTheRetention() {
        // given a debit, then stream time moves past the retention (and the store's 200-day segment)
        ledger.pipe(ok("old", "gpt-4o", 10, MIDNIGHT.plusSeconds(1)));
        Instant much = MIDNIGHT.plus(LedgerTopology.USAGE_RETENTION).plus(Duration.ofDays(201));
        ledger.pipe(ok("new", "gpt-4o", 5, much));

        // then the old day is gone, the new one is there
        assertThat(ledger.queries().usage(KEY, DAY2, DAY2).days()).isEmpty();
        LocalDate newDay = LocalDate.ofInstant(much, java.time.ZoneOffset.UTC);
        assertThat(ledger.queries().usage(KEY, newDay, newDay).days().getFirst().costNanoUsd()).isEqualTo(5);
    }
}
