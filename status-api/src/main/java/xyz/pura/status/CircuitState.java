package xyz.pura.status;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A provider's circuit breaker state; the constants match the ingress breaker's own. */
public enum CircuitState {
    CLOSED, OPEN, HALF_OPEN;

    /** The wire name: {@code closed}, {@code open}, {@code half_open}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
