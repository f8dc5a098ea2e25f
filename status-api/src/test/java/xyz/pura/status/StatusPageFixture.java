package xyz.pura.status;

import xyz.pura.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import xyz.pura.events.ProviderId;

/**
 * A fixed report for the page: openai and groq active with an hour of traffic, anthropic degraded (circuit
 * open, failing), gemini unconfigured, Kafka and Streams fine, the chain configured and fresh.
 */
final class StatusPageFixture {
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private StatusPageFixture() {
    }

    /** A service whose clock stands still at {@link #NOW}, so every report is the same. */
    static StatusService service() {
        MutableClock clock = new MutableClock(NOW.minus(Duration.ofMinutes(59)));
        DayWindow day = new DayWindow(clock);
        for (int minute = 0; minute < 60; minute++) {
            for (int i = 0; i < 6; i++) {
                day.record(ProviderId.OPENAI, true, wave(minute, 17, 620, 180) + 15L * i);
                day.record(ProviderId.GROQ, i != 5 || minute % 9 != 0, wave(minute, 11, 170, 60) + 7L * i);
            }
            if (minute < 50) {
                day.record(ProviderId.ANTHROPIC, minute < 35, 900 + 40L * minute);
            }
            if (minute < 59) {
                clock.advance(Duration.ofMinutes(1));
            }
        }
        FakeInputs inputs = new FakeInputs();
        inputs.configured.remove(ProviderId.GEMINI);
        inputs.circuits.put(ProviderId.ANTHROPIC, CircuitState.OPEN);
        inputs.gateway = new StatusInputs.GatewayInputs(true, 3, "RUNNING", 12L, true,
                new StatusInputs.ChainInputs(true, 18_342_117L, NOW.minus(Duration.ofMinutes(2))));
        return new StatusService(inputs, day, StatusThresholds.defaults(), clock);
    }

    /** A smooth deterministic wobble around {@code base} by up to {@code amplitude}, with a period in minutes. */
    private static long wave(int minute, int period, long base, long amplitude) {
        return base + Math.round(amplitude * Math.sin(2 * Math.PI * minute / period));
    }
}
