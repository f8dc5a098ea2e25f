package xyz.pura.gateway.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One provider's breaker. CLOSED: calls flow; after {@code failureThreshold} consecutive provider
 * failures it OPENs and refuses calls for {@code openFor}; then HALF_OPEN lets exactly one probe
 * through: success closes it, failure opens it again. Only provider-side failures count (a caller's
 * bad request says nothing about the provider's health). Calls made with a caller's own key (BYOK) neither ask
 * it nor count as failures, only as successes ({@code Exchange} says why).
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final Duration openFor;
    private final Clock clock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt;
    private boolean probeInFlight;

    public CircuitBreaker(int failureThreshold, Duration openFor, Clock clock) {
        this.failureThreshold = failureThreshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** Whether a call may go to this provider now (taking the half-open probe slot if it is free). */
    public synchronized boolean tryAcquire() {
        switch (state()) {
            case CLOSED:
                return true;
            case HALF_OPEN:
                if (probeInFlight) {
                    return false;
                }
                probeInFlight = true;
                return true;
            default:
                return false;
        }
    }

    /** Whether calls would be let through now, without taking the probe slot. */
    public synchronized boolean available() {
        State s = state();
        return s == State.CLOSED || (s == State.HALF_OPEN && !probeInFlight);
    }

    public synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        probeInFlight = false;
    }

    public synchronized void onFailure() {
        probeInFlight = false;
        if (state() == State.HALF_OPEN) {
            open();
            return;
        }
        consecutiveFailures++;
        if (consecutiveFailures >= failureThreshold) {
            open();
        }
    }

    /** A call that ended without saying anything about the provider (cancelled, caller error). */
    public synchronized void onNeutral() {
        probeInFlight = false;
    }

    public synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
            state = State.HALF_OPEN;
        }
        return state;
    }

    private void open() {
        state = State.OPEN;
        openedAt = clock.instant();
        consecutiveFailures = 0;
    }
}
