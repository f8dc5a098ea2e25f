package xyz.pura.ledger;

import xyz.pura.events.KeyReport;
import xyz.pura.events.RequestCompleted;
import static org.assertj.core.api.Assertions.assertThat;
import static xyz.pura.ledger.LedgerHarness.KEY;
import static xyz.pura.ledger.LedgerHarness.OTHER_KEY;
import static xyz.pura.ledger.LedgerHarness.completion;
import static xyz.pura.ledger.LedgerHarness.ok;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReportTopologyTest {
    private static final Instant T = Instant.parse("2026-11-26T12:00:00Z");

    private final LedgerHarness ledger = new LedgerHarness(T);

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void shouldSlideThe24HourReportSoThatA25HourOldRequestDropsOut() {
        // given requests 25 h, exactly 24 h, 24 h minus 1 ms, 23 h and 1 h before T
        ledger.pipe(ok("r25h", "gpt-4o", 1_000, T.minus(Duration.ofHours(25))));
        ledger.pipe(ok("r24h", "gpt-4o", 500, T.minus(Duration.ofHours(24))));
        ledger.pipe(ok("r24h-1ms", "gpt-4o", 200, T.minus(Duration.ofHours(24)).plusMillis(1)));
        ledger.pipe(ok("r23h", "gpt-4o", 100, T.minus(Duration.ofHours(23))));
        ledger.pipe(completion("r1h", KEY, "groq", "llama-3.3-70b-versatile", "ok", 31, 5, 5, 50,
                T.minus(Duration.ofHours(1)), List.of()));

        // when the report is asked at T
        KeyReport report = ledger.queries().report(KEY, T);

        // then it sums (T - 24 h, T]
        assertThat(report.windowStart()).isEqualTo(T.minus(Duration.ofHours(24)));
        assertThat(report.windowEnd()).isEqualTo(T);
        assertThat(report.totalSpendNanoUsd()).isEqualTo(200 + 100 + 31);
        assertThat(report.requestCount()).isEqualTo(3);
        assertThat(report.averageCostNanoUsd()).isEqualTo(110); // 331 / 3 = 110.33
        assertThat(report.models()).containsExactly(
                new KeyReport.ModelUsage("gpt-4o", 300, 2, new KeyReport.Tokens(20, 0, 0, 0, 40, 0), 2),
                new KeyReport.ModelUsage("llama-3.3-70b-versatile", 31, 1, new KeyReport.Tokens(5, 0, 0, 0, 5, 0), 1));

        // and two hours earlier the (then 23 h old) request was still in its window, the last one not yet
        KeyReport earlier = ledger.queries().report(KEY, T.minus(Duration.ofHours(2)));
        assertThat(earlier.totalSpendNanoUsd()).isEqualTo(1_000 + 500 + 200 + 100);
        // and a day later nothing is left
        assertThat(ledger.queries().report(KEY, T.plus(Duration.ofHours(24))).requestCount()).isZero();
    }

    @Test
    void shouldSumEachModelsTokensByComponentAndCountTheRequestsPricedFromTheEstimate() {
        RequestCompleted.ProviderUsage usage = new RequestCompleted.ProviderUsage(3_000, 900, 1_024, 600, 512, 256);
        RequestCompleted provided = new RequestCompleted(1, RequestCompleted.eventIdFor("p1"), T.minusSeconds(90), "p1",
                KEY, "anthropic", "claude-sonnet-4-5", "premium", "ok", 200, null, 10, null, false, 2_000, 300, usage,
                5_000, "2026-12-07", false, false, List.of(), RequestCompleted.USAGE_PROVIDER);
        ledger.pipe(provided);
        ledger.pipe(completion("e1", KEY, "anthropic", "claude-sonnet-4-5", "client_cancelled", 700, 2_000, 40, 10,
                T.minusSeconds(60), List.of()));

        KeyReport.ModelUsage claude = ledger.queries().report(KEY, T).models().getFirst();

        assertThat(claude.requests()).isEqualTo(2);
        assertThat(claude.costNanoUsd()).isEqualTo(5_700);
        // the provider's figures for p1 (not the estimate's 2,000 / 300), plus the estimate for the cancelled e1
        assertThat(claude.tokens()).isEqualTo(new KeyReport.Tokens(3_000 + 2_000, 1_024, 512, 256, 900 + 40, 600));
        assertThat(claude.estimatedRequests()).isEqualTo(1);
    }

    @Test
    void shouldBreakSpendDownByEndpointWithOldEventsAsUnrecorded() {
        // Given debits through three doors, and one written before completions named their door
        ledger.pipe(through("c1", "/v1/chat/completions", 100));
        ledger.pipe(through("c2", "/v1/chat/completions", 50));
        ledger.pipe(through("r1", "/v1/responses", 7));
        ledger.pipe(through("m1", "/v1/messages", 3));
        ledger.pipe(ok("old", "gpt-4o", 1, T.minusSeconds(10)));

        // When the key's report is read
        KeyReport report = ledger.queries().report(KEY, T);

        // Then each door has its own line, sorted by endpoint, and the lines sum to the totals
        assertThat(report.endpoints()).containsExactly(
                new KeyReport.EndpointUsage("/v1/chat/completions", 150, 2),
                new KeyReport.EndpointUsage("/v1/messages", 3, 1),
                new KeyReport.EndpointUsage("/v1/responses", 7, 1),
                new KeyReport.EndpointUsage("unrecorded", 1, 1));
        assertThat(report.endpoints().stream().mapToLong(KeyReport.EndpointUsage::costNanoUsd).sum())
                .isEqualTo(report.totalSpendNanoUsd());
        assertThat(report.endpoints().stream().mapToLong(KeyReport.EndpointUsage::requests).sum())
                .isEqualTo(report.requestCount());
        // and the ledger's debit names the door too
        assertThat(ledger.ledger()).filteredOn(e -> e.sourceId().equals("r1"))
                .singleElement().extracting(xyz.pura.events.LedgerEntry::endpoint).isEqualTo("/v1/responses");
    }

    private static RequestCompleted through(String requestId, String endpoint, long costNanoUsd) {
        RequestCompleted c = ok(requestId, "gpt-4o", costNanoUsd, T.minusSeconds(60));
        return new RequestCompleted(c.schemaVersion(), c.eventId(), c.occurredAt(), c.requestId(), c.keyId(), c.provider(),
                c.model(), c.tier(), c.status(), c.httpStatus(), c.errorCode(), c.latencyMs(), c.ttfbMs(), c.stream(),
                c.inputTokens(), c.outputTokens(), c.providerUsage(), c.costNanoUsd(), c.rateCardVersion(), c.explored(),
                c.byok(), c.attempts(), c.usageSource(), c.charges(), endpoint);
    }

    @Test
    void shouldReportOnlyTheCallersKey() {
        ledger.pipe(ok("mine", "gpt-4o", 10, T.minusSeconds(60)));
        ledger.pipe(completion("theirs", OTHER_KEY, "openai", "gpt-4o", "ok", 99, 1, 1, 10, T.minusSeconds(30), List.of()));

        assertThat(ledger.queries().report(KEY, T).totalSpendNanoUsd()).isEqualTo(10);
        assertThat(ledger.queries().report(OTHER_KEY, T).totalSpendNanoUsd()).isEqualTo(99);
    }

    @Test
    void shouldReportNothingForAKeyWithoutRequests() {
        KeyReport report = ledger.queries().report(KEY, T);

        assertThat(report.requestCount()).isZero();
        assertThat(report.averageCostNanoUsd()).isZero();
        assertThat(report.models()).isEmpty();
    }

    @Test
    void shouldRoundTheAverageCostHalfUp() {
        assertThat(KeyReport.average(3, 2)).isEqualTo(2);
        assertThat(KeyReport.average(301, 3)).isEqualTo(100);
        assertThat(KeyReport.average(5, 3)).isEqualTo(2);
        assertThat(KeyReport.average(0, 0)).isZero();
    }
}
