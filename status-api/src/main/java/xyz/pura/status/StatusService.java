package xyz.pura.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import xyz.pura.events.ProviderId;
import xyz.pura.events.QualityScore;
import xyz.pura.status.StatusReport.Bucket;
import xyz.pura.status.StatusReport.ProviderStatus;
import xyz.pura.status.StatusReport.Windows;
import xyz.pura.status.internal.GatewayRules;

/**
 * Computes the {@link StatusReport} from {@link StatusInputs}, this instance's {@link DayWindow} and the
 * {@link StatusThresholds}.
 *
 * <p>A provider is {@code unconfigured} when not configured; {@code degraded} when its circuit is open, or
 * its success rate over 5 m is below the threshold with at least the minimum number of requests;
 * {@code active} with requests in the last 5 m; else {@code idle}. The gateway is {@code outage} when no
 * configured provider is available (configured, circuit not open); {@code degraded} when any configured
 * provider is degraded or a gateway component is unhealthy (see {@link GatewayRules}); else
 * {@code operational}.
 */
public final class StatusService {
    private static final Duration M1 = Duration.ofMinutes(1);
    private static final Duration M5 = Duration.ofMinutes(5);
    private static final Duration H1 = Duration.ofHours(1);

    private final StatusInputs inputs;
    private final DayWindow day;
    private final StatusThresholds thresholds;
    private final Clock clock;

    public StatusService(StatusInputs inputs, DayWindow day, StatusThresholds thresholds, Clock clock) {
        this.inputs = inputs;
        this.day = day;
        this.thresholds = thresholds;
        this.clock = clock;
    }

    /** The report as of now. */
    public StatusReport report() {
        Instant now = clock.instant();
        List<String> reasons = new ArrayList<>();
        List<ProviderStatus> providers = new ArrayList<>();
        for (ProviderId id : ProviderId.values()) {
            ProviderStatus p = provider(id, now);
            providers.add(p);
            if (p.reason() != null) {
                reasons.add(p.name() + ": " + p.reason());
            }
        }
        StatusReport.Gateway gateway = GatewayRules.evaluate(inputs.gateway(), thresholds, now, reasons);
        String status;
        if (providers.stream().noneMatch(ProviderStatus::available)) {
            reasons.add("no configured provider is available");
            status = "outage";
        } else {
            status = reasons.isEmpty() ? "operational" : "degraded";
        }
        return new StatusReport(status, now, List.copyOf(reasons), List.copyOf(providers), gateway);
    }

    private ProviderStatus provider(ProviderId id, Instant now) {
        boolean configured = inputs.configured(id);
        CircuitState circuit = inputs.circuit(id);
        Windows windows = windows(id, now);
        Bucket m5 = windows.m5();
        String status;
        String reason = null;
        if (!configured) {
            status = "unconfigured";
        } else if (circuit == CircuitState.OPEN) {
            status = "degraded";
            reason = "circuit open";
        } else if (m5.requests() >= thresholds.minRequestsForRate() && m5.successRate() != null
                && m5.successRate() < thresholds.degradedBelowSuccessRate()) {
            status = "degraded";
            reason = String.format(Locale.ROOT, "success rate %.0f %% over 5 m (%d requests)",
                    m5.successRate() * 100, m5.requests());
        } else {
            status = m5.requests() > 0 ? "active" : "idle";
        }
        return new ProviderStatus(id.wireName(), configured, configured && circuit != CircuitState.OPEN, circuit,
                status, reason, windows, day.lastHourByMinute(id));
    }

    private Windows windows(ProviderId id, Instant now) {
        Bucket h24 = day.last(id, DayWindow.DAY);
        Optional<QualityScore> score = inputs.quality(id).filter(s -> fresh(s, now));
        if (score.isPresent()) {
            QualityScore s = score.get();
            return new Windows("pura.quality", bucket(s.window1m(), M1), bucket(s.window5m(), M5),
                    bucket(s.window1h(), H1), h24);
        }
        return new Windows("local", day.last(id, M1), day.last(id, M5), day.last(id, H1), h24);
    }

    private boolean fresh(QualityScore s, Instant now) {
        return s.window5m() != null && s.window5m().windowEnd() != null
                && Duration.between(s.window5m().windowEnd(), now).compareTo(thresholds.qualityStaleAfter()) <= 0;
    }

    private static Bucket bucket(QualityScore.Window w, Duration length) {
        return w == null ? Bucket.empty(length.toSeconds())
                : new Bucket(w.seconds(), w.requests(), w.failures(), w.successRate(), w.avgLatencyMs(),
                        w.p95LatencyMs());
    }
}
