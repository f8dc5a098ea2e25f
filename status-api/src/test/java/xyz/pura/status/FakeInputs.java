package xyz.pura.status;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import xyz.pura.events.ProviderId;
import xyz.pura.events.QualityScore;

/** Status inputs that tests set field by field; starts healthy with every provider configured and closed. */
final class FakeInputs implements StatusInputs {
    final Set<ProviderId> configured = EnumSet.allOf(ProviderId.class);
    final Map<ProviderId, CircuitState> circuits = new EnumMap<>(ProviderId.class);
    final Map<ProviderId, QualityScore> scores = new EnumMap<>(ProviderId.class);
    GatewayInputs gateway = new GatewayInputs(true, 0, "RUNNING", 0L, true, ChainInputs.none());

    @Override
    public boolean configured(ProviderId provider) {
        return configured.contains(provider);
    }

    @Override
    public CircuitState circuit(ProviderId provider) {
        return circuits.getOrDefault(provider, CircuitState.CLOSED);
    }

    @Override
    public Optional<QualityScore> quality(ProviderId provider) {
        return Optional.ofNullable(scores.get(provider));
    }

    @Override
    public GatewayInputs gateway() {
        return gateway;
    }

    /** A score whose windows end at {@code end}, with {@code requests} and {@code failures} in every window. */
    static QualityScore score(ProviderId p, Instant end, long requests, long failures) {
        Double rate = requests == 0 ? null : (double) (requests - failures) / requests;
        Long latency = requests == 0 ? null : 200L;
        return new QualityScore(QualityScore.SCHEMA_VERSION, "quality:" + p.wireName() + ":" + end.toEpochMilli(), end,
                p.wireName(),
                new QualityScore.Window(60, requests, failures, rate, latency, latency, end),
                new QualityScore.Window(300, requests, failures, rate, latency, latency, end),
                new QualityScore.Window(3600, requests, failures, rate, latency, latency, end));
    }
}
