package xyz.pura.gateway.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;

class RateLimiterTest {
    @Test
    void shouldNeverTrackMoreCallersThanItsBound() {
        RateLimiter limiter = new RateLimiter(5, "keys per client address", Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"),
                ZoneOffset.UTC));
        for (int i = 0; i < RateLimiter.MAX_CALLERS + 5_000; i++) {
            limiter.acquire("198.51." + (i >> 8) + "." + (i & 0xff));
        }
        assertThat(limiter.size()).isLessThanOrEqualTo(RateLimiter.MAX_CALLERS);
        for (int i = 0; i < 5; i++) {
            limiter.acquire("one");
        }
        assertThatThrownBy(() -> limiter.acquire("one")).isInstanceOfSatisfying(Refused.class,
                e -> assertThat(e.refusal()).isInstanceOf(Refusal.RateLimited.class));
    }
}
