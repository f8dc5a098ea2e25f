package xyz.pura.status;

import xyz.pura.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;
import xyz.pura.status.StatusReport.Bucket;
import xyz.pura.status.StatusReport.LatencyPoint;

class DayWindowTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:30Z"));
    private final DayWindow day = new DayWindow(clock);

    @Test
    void shouldCountRequestsFailuresAndLatencyOver24Hours() {
        day.record(ProviderId.GROQ, true, 100);
        day.record(ProviderId.GROQ, true, 300);
        day.record(ProviderId.GROQ, false, 200);
        day.record(ProviderId.GROQ, false, 200);

        Bucket b = day.last(ProviderId.GROQ, DayWindow.DAY);

        assertThat(b.seconds()).isEqualTo(86_400);
        assertThat(b.requests()).isEqualTo(4);
        assertThat(b.failures()).isEqualTo(2);
        assertThat(b.successRate()).isEqualTo(0.5);
        assertThat(b.avgLatencyMs()).isEqualTo(200);
        assertThat(b.p95LatencyMs()).isBetween(281L, 300L);
        assertThat(day.last(ProviderId.OPENAI, DayWindow.DAY).requests()).isZero();
    }

    @Test
    void shouldForgetObservationsOlderThan24Hours() {
        day.record(ProviderId.GEMINI, true, 50);
        clock.advance(Duration.ofHours(12));
        day.record(ProviderId.GEMINI, true, 50);
        clock.advance(Duration.ofHours(13));

        assertThat(day.last(ProviderId.GEMINI, DayWindow.DAY).requests()).isEqualTo(1);
        clock.advance(Duration.ofHours(12));
        assertThat(day.last(ProviderId.GEMINI, DayWindow.DAY)).isEqualTo(Bucket.empty(86_400));
    }

    @Test
    void shouldAnswerShortWindowsFromMinuteSlots() {
        day.record(ProviderId.ANTHROPIC, true, 10);
        clock.advance(Duration.ofMinutes(6));
        day.record(ProviderId.ANTHROPIC, false, 20);

        assertThat(day.last(ProviderId.ANTHROPIC, Duration.ofMinutes(5)).requests()).isEqualTo(1);
        assertThat(day.last(ProviderId.ANTHROPIC, Duration.ofHours(1)).requests()).isEqualTo(2);
    }

    @Test
    void shouldGiveSixtyMinutePointsEndingWithTheCurrentMinute() {
        day.record(ProviderId.OPENAI, true, 400);
        clock.advance(Duration.ofMinutes(2));
        day.record(ProviderId.OPENAI, true, 100);

        List<LatencyPoint> series = day.lastHourByMinute(ProviderId.OPENAI);

        assertThat(series).hasSize(60);
        assertThat(series.get(59).minute()).isEqualTo(Instant.parse("2026-11-25T10:02:00Z"));
        assertThat(series.get(59).p95LatencyMs()).isEqualTo(100);
        assertThat(series.get(58).requests()).isZero();
        assertThat(series.get(58).p95LatencyMs()).isNull();
        assertThat(series.get(57).avgLatencyMs()).isEqualTo(400);
        assertThat(series.get(0).minute()).isEqualTo(Instant.parse("2026-11-25T09:03:00Z"));
    }

    @Test
    void shouldNotShowAMinuteFromAnHourAgoAsCurrent() {
        day.record(ProviderId.OPENAI, true, 400);
        clock.advance(Duration.ofMinutes(60));

        assertThat(day.lastHourByMinute(ProviderId.OPENAI)).allMatch(p -> p.requests() == 0);
    }
}
