package xyz.pura.app;

import java.time.Duration;
import java.util.Objects;

/**
 * The circuit breaker of each provider.
 *
 * @param failures consecutive failures that open it (PURA_BREAKER_FAILURES, 5)
 * @param openFor how long it stays open (PURA_BREAKER_OPEN_SECONDS, 30)
 */
public record BreakerSettings(int failures, Duration openFor) {

    public BreakerSettings {
        Objects.requireNonNull(openFor, "openFor");
    }

    static BreakerSettings read(EnvReader r) {
        return new BreakerSettings(r.integer("PURA_BREAKER_FAILURES", 5),
                Duration.ofSeconds(r.integer("PURA_BREAKER_OPEN_SECONDS", 30)));
    }
}
