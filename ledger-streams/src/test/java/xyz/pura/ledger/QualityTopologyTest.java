package xyz.pura.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static xyz.pura.ledger.LedgerHarness.KEY;
import static xyz.pura.ledger.LedgerHarness.completion;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.EventSchemas;
import xyz.pura.events.Json;
import xyz.pura.events.QualityScore;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.Topics;

class QualityTopologyTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Duration EMIT = LedgerConfig.defaults().qualityEmitInterval();

    private final LedgerHarness ledger = new LedgerHarness(NOW);
    private int seq;

    /** Lets the tasks flush their summed calls to the provider's task, then advances to {@code at} after now. */
    private void scoresAt(Duration at) {
        Duration flush = LedgerTopology.qualityFlushInterval(ledger.config);
        ledger.driver.advanceWallClockTime(flush);
        ledger.driver.advanceWallClockTime(at.minus(flush));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private void groq(String status, long latencyMs, Instant at) {
        ledger.pipe(completion("g" + (++seq), KEY, "groq", "llama-3.3-70b-versatile", status,
                status.equals("ok") ? 10 : 0, 5, status.equals("ok") ? 5 : 0, latencyMs, at, List.of()));
    }

    @Test
    void shouldFollowInjectedFailuresAndLatencies() {
        // given, in the last minute: three answers, one upstream failure, one cancelled stream
        groq("ok", 100, NOW.minusSeconds(30));
        groq("ok", 100, NOW.minusSeconds(20));
        groq("ok", 200, NOW.minusSeconds(10));
        groq("upstream_error", 1000, NOW.minusSeconds(5));
        groq("client_cancelled", 3, NOW.minusSeconds(4));
        // a failure three minutes ago, and a slow answer half an hour ago
        groq("upstream_error", 2000, NOW.minus(Duration.ofMinutes(3)));
        groq("ok", 5000, NOW.minus(Duration.ofMinutes(30)));

        // when the scores are emitted
        scoresAt(EMIT);
        QualityScore groq = ledger.latestQuality().get("groq");

        // then each window counts its own calls; a cancellation is a request but neither failure nor latency
        assertThat(groq.window1m().requests()).isEqualTo(5);
        assertThat(groq.window1m().failures()).isEqualTo(1);
        assertThat(groq.window1m().successRate()).isEqualTo(0.8);
        assertThat(groq.window1m().avgLatencyMs()).isEqualTo(350); // (100 + 100 + 200 + 1000) / 4
        assertThat(groq.window1m().p95LatencyMs()).isEqualTo(1000);
        assertThat(groq.window5m().requests()).isEqualTo(6);
        assertThat(groq.window5m().failures()).isEqualTo(2);
        assertThat(groq.window5m().p95LatencyMs()).isEqualTo(2000);
        assertThat(groq.window1h().requests()).isEqualTo(7);
        assertThat(groq.window1h().p95LatencyMs()).isEqualTo(4992); // 5000 within 1/64: bucket 4992..5055
        assertThat(groq.window1m().windowEnd()).isEqualTo(NOW.plus(EMIT));
        assertThat(EventSchemas.validate(Topics.QUALITY, Json.mapper().valueToTree(groq))).isEmpty();
    }

    @Test
    void shouldLetTheShortWindowsEmptyWhenTrafficStops() {
        groq("upstream_error", 400, NOW.minusSeconds(10));

        scoresAt(Duration.ofMinutes(2));
        QualityScore groq = ledger.latestQuality().get("groq");

        assertThat(groq.window1m().requests()).isZero();
        assertThat(groq.window1m().successRate()).isNull();
        assertThat(groq.window1m().p95LatencyMs()).isNull();
        assertThat(groq.window5m().failures()).isEqualTo(1);
        assertThat(groq.window5m().successRate()).isEqualTo(0.0);
    }

    @Test
    void shouldCountAFailedFailoverAttemptAgainstItsProvider() {
        ledger.pipe(completion("fo", KEY, "anthropic", "claude-sonnet-4-20250514", "ok", 10, 5, 5, 900,
                NOW.minusSeconds(10), List.of(
                        new RequestCompleted.Attempt("openai", "gpt-4o", "server_error", 503, 300),
                        new RequestCompleted.Attempt("anthropic", "claude-sonnet-4-20250514", "ok", 200, 600))));

        scoresAt(EMIT);
        Map<String, QualityScore> scores = ledger.latestQuality();

        assertThat(scores.get("openai").window1m().failures()).isEqualTo(1);
        assertThat(scores.get("openai").window1m().p95LatencyMs()).isEqualTo(300);
        assertThat(scores.get("anthropic").window1m().failures()).isZero();
        assertThat(scores.get("anthropic").window1m().avgLatencyMs()).isEqualTo(600);
    }
}
