package xyz.pura.app;

import java.util.function.Consumer;
import xyz.pura.events.ProviderId;
import xyz.pura.events.RequestCompleted;
import xyz.pura.gateway.Observer;
import xyz.pura.status.DayWindow;
import xyz.pura.status.Metrics;

/**
 * Every completion into the metrics, the status page's 24 h window (one sample per upstream call) and, when
 * OpenTelemetry export is on, its spans and metrics.
 */
final class AppObserver implements Observer {
    private final Metrics metrics;
    private final DayWindow day;
    /** null when OpenTelemetry export is off. */
    private final Consumer<RequestCompleted> telemetry;

    AppObserver(Metrics metrics, DayWindow day) {
        this(metrics, day, null);
    }

    AppObserver(Metrics metrics, DayWindow day, Consumer<RequestCompleted> telemetry) {
        this.metrics = metrics;
        this.day = day;
        this.telemetry = telemetry;
    }

    @Override
    public void onCompleted(RequestCompleted completed) {
        metrics.onCompleted(completed);
        if (telemetry != null) {
            telemetry.accept(completed);
        }
        if (completed.attempts() == null) {
            return;
        }
        for (RequestCompleted.Attempt a : completed.attempts()) {
            if (a.called() && a.attemptOutcome() != xyz.pura.events.AttemptOutcome.CLIENT_CANCELLED) {
                ProviderId.fromWire(a.provider()).ifPresent(id -> day.record(id, !a.providerFailure(), a.latencyMs()));
            }
        }
    }

    @Override
    public void onRejected(String code) {
        metrics.onRejected(code);
    }
}
