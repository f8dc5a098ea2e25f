package xyz.pura.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static xyz.pura.ledger.LedgerHarness.KEY;
import static xyz.pura.ledger.LedgerHarness.OTHER_KEY;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.RequestCompleted.Charge;
import xyz.pura.events.pricing.RateCard;
import xyz.pura.events.pricing.TokenUsage;
import xyz.pura.ledger.internal.RepriceAccumulator;

/**
 * {@code pura replay --reprice}: the history booked under one rate card, priced under another, per key and model.
 * The two cards (test resources {@code ratecard/test-reprice-a.json} and {@code -b.json}) use round prices, so every
 * expected figure below is worked out by hand from them.
 */
class RepricingTest {
    private static final String A = "test-reprice-a";
    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

    /** Claude with a cache read, both cache writes and output. Under A: 9.0 + 1.2 + 7.5 + 6.0 + 7.5 = 31.2 m nano. */
    private static final RequestCompleted CACHED = completion("r1", KEY, "claude-test", "ok", 31_200_000L,
            List.of(Charge.of(Charge.ANSWER, "claude-test", new TokenUsage(10_000, 4_000, 2_000, 1_000, 500, 0), 31_200_000L)));
    /** Gemini with reasoning. Under A: 0.8 + 0.02 + 1.2 + 2.4 = 4.42 m nano. */
    private static final RequestCompleted REASONING = completion("r2", OTHER_KEY, "gemini-test", "ok", 4_420_000L,
            List.of(Charge.of(Charge.ANSWER, "gemini-test", new TokenUsage(1_000, 200, 0, 0, 900, 600), 4_420_000L)));
    /** A timed-out Claude attempt's input (3.0 m), then a GPT answer from the estimate (2.0 + 0.8 m). */
    private static final RequestCompleted FELL_OVER = completion("r3", KEY, "gpt-test", "ok", 5_800_000L,
            List.of(Charge.of(Charge.TIMED_OUT_ATTEMPT, "claude-test", TokenUsage.of(1_000, 0), 3_000_000L),
                    Charge.of(Charge.ANSWER, "gpt-test", TokenUsage.of(1_000, 100), 2_800_000L)));
    /** Written before charges existed: its estimate (500 in, 50 out) at 1.0 + 0.4 m nano. */
    private static final RequestCompleted LEGACY = new RequestCompleted(1, RequestCompleted.eventIdFor("r4"), AT, "r4", KEY,
            "openai", "gpt-test", "cheap", "ok", 200, null, 10, null, false, 500, 50, null, 1_400_000L, A, false, false,
            List.of());
    /** Failed with nothing priced: the ledger does not debit it, so it is not repriced. */
    private static final RequestCompleted FAILED = completion("r5", KEY, "gpt-test", "upstream_error", 0, List.of());

    private static RequestCompleted completion(String requestId, String keyId, String model, String status, long cost,
                                               List<Charge> charges) {
        return new RequestCompleted(1, RequestCompleted.eventIdFor(requestId), AT, requestId, keyId, "openai", model,
                "cheap", status, status.equals("ok") ? 200 : 502, null, 10, null, false, 1_000, 100, null, cost, A,
                false, false, List.of(), RequestCompleted.USAGE_PROVIDER, charges);
    }

    private static Repricing reprice(String version, List<RequestCompleted> history) {
        RepriceAccumulator acc = new RepriceAccumulator(RateCard.load(version));
        history.forEach(c -> acc.add(c.keyId(), c));
        return acc.result();
    }

    @Test
    void shouldPriceEachComponentUnderTheOtherCardAndReportTheExactDifferencePerKeyAndModel() {
        Repricing result = reprice("test-reprice-b", List.of(CACHED, REASONING, FELL_OVER, LEGACY, FAILED, CACHED));

        assertThat(result.problems()).isEmpty();
        // claude-test: r1 under B 6.0 + 0.8 + 5.0 + 4.0 + 5.0 = 20.8 m, and r3's timed-out input 2.0 m
        assertThat(result.lines().get(KEY).get("claude-test")).isEqualTo(new Repricing.Line(2, 34_200_000L, 22_800_000L));
        // gpt-test: r3's answer 4.0 + 0.8 m and the legacy r4 2.0 + 0.4 m; r5 is not debited
        assertThat(result.lines().get(KEY).get("gpt-test")).isEqualTo(new Repricing.Line(2, 4_200_000L, 7_200_000L));
        // gemini-test: only reasoning changed, 600 tokens from 4 to 6 USD per million
        assertThat(result.lines().get(OTHER_KEY).get("gemini-test")).isEqualTo(new Repricing.Line(1, 4_420_000L, 5_620_000L));
        assertThat(result.lines().get(OTHER_KEY).get("gemini-test").differenceNanoUsd()).isEqualTo(1_200_000L);
        assertThat(result.recordedTotalNanoUsd()).isEqualTo(31_200_000L + 4_420_000L + 5_800_000L + 1_400_000L);
        assertThat(result.repricedTotalNanoUsd()).isEqualTo(22_800_000L + 7_200_000L + 5_620_000L);
    }

    @Test
    void shouldFindNoDifferenceUnderTheVersionTheHistoryWasPricedWith() {
        Repricing result = reprice(A, List.of(CACHED, REASONING, FELL_OVER, LEGACY, FAILED));

        assertThat(result.problems()).isEmpty();
        result.lines().values().forEach(models -> models.values()
                .forEach(line -> assertThat(line.differenceNanoUsd()).isZero()));
    }

    @Test
    void shouldListACompletionWhoseChargesDoNotExplainItsCost() {
        RequestCompleted overstated = completion("r6", KEY, "gpt-test", "ok", 2_800_001L,
                List.of(Charge.of(Charge.ANSWER, "gpt-test", TokenUsage.of(1_000, 100), 2_800_001L)));
        RequestCompleted badSum = completion("r7", KEY, "gpt-test", "ok", 3_000_000L,
                List.of(Charge.of(Charge.ANSWER, "gpt-test", TokenUsage.of(1_000, 100), 2_800_000L)));
        // an old event whose cost held a timed-out attempt's input, which its derived answer line cannot explain
        RequestCompleted legacySurcharge = new RequestCompleted(1, RequestCompleted.eventIdFor("r8"), AT, "r8", KEY,
                "openai", "gpt-test", "cheap", "ok", 200, null, 10, null, false, 500, 50, null, 4_400_000L, A, false, false,
                List.of());

        Repricing result = reprice("test-reprice-b", List.of(overstated, badSum, legacySurcharge));

        assertThat(result.problems()).extracting(Difference::what)
                .containsExactly("r6 answer on gpt-test under test-reprice-a", "r7 charges",
                        "r8 answer on gpt-test under test-reprice-a");
        assertThat(result.problems().getFirst().replayed()).isEqualTo("2800000");
    }

    @Test
    void shouldRefuseAVersionThatIsNotPublished() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reprice("no-such-card", List.of(CACHED)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
