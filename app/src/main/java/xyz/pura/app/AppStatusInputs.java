package xyz.pura.app;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import xyz.pura.events.ProviderId;
import xyz.pura.events.QualityScore;
import xyz.pura.gateway.health.ProviderHealth;
import xyz.pura.journal.EventPublisher;
import xyz.pura.status.CircuitState;
import xyz.pura.status.StatusInputs;

/** What the status service reads, from the running app's parts. */
final class AppStatusInputs implements StatusInputs {
    private final ProviderHealth health;
    private final Map<ProviderId, QualityScore> quality = new ConcurrentHashMap<>();
    private final KafkaHealth kafka;
    private final EventPublisher events;
    private final Supplier<String> streamsState;
    private final Supplier<Boolean> tablesLoaded;
    private volatile Supplier<ChainInputs> chain = ChainInputs::none;

    AppStatusInputs(ProviderHealth health, KafkaHealth kafka, EventPublisher events, Supplier<String> streamsState,
                    Supplier<Boolean> tablesLoaded) {
        this.health = health;
        this.kafka = kafka;
        this.events = events;
        this.streamsState = streamsState;
        this.tablesLoaded = tablesLoaded;
    }

    /** Fed from {@code pura.quality}. */
    void onQuality(QualityScore score) {
        ProviderId.fromWire(score.provider()).ifPresent(id -> quality.put(id, score));
    }

    void chain(Supplier<ChainInputs> source) {
        this.chain = source;
    }

    @Override
    public boolean configured(ProviderId provider) {
        return health.configured(provider);
    }

    @Override
    public CircuitState circuit(ProviderId provider) {
        return CircuitState.valueOf(health.breaker(provider).state().name());
    }

    @Override
    public Optional<QualityScore> quality(ProviderId provider) {
        return Optional.ofNullable(quality.get(provider));
    }

    @Override
    public GatewayInputs gateway() {
        return new GatewayInputs(kafka.reachable(), events.backlog(), streamsState.get(), null, tablesLoaded.get(),
                chain.get());
    }
}
