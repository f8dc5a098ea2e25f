package xyz.pura.app;

import io.javalin.Javalin;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import xyz.pura.events.ProviderId;
import xyz.pura.events.QualityScore;
import xyz.pura.events.Topics;
import xyz.pura.journal.TopicFeed;
import xyz.pura.providers.Upstreams;
import xyz.pura.status.CircuitState;
import xyz.pura.status.DayWindow;
import xyz.pura.status.Metrics;
import xyz.pura.status.OpsRoutes;
import xyz.pura.status.Readiness;
import xyz.pura.status.StatusInputs;
import xyz.pura.status.StatusRoutes;
import xyz.pura.status.StatusService;
import xyz.pura.status.StatusThresholds;

/**
 * The status role alone ({@code PURA_ROLES=status}): /api/status, /status and /metrics of a deployment,
 * from what Kafka says (provider quality from {@code pura.quality}, broker reachability). Circuit
 * states live in each ingress and are not visible here: they read as closed.
 */
final class StatusOnlyServer implements AutoCloseable, StatusInputs {
    private final Map<ProviderId, QualityScore> quality = new ConcurrentHashMap<>();
    private final Upstreams providers;
    private final KafkaHealth kafka;
    private final TopicFeed<QualityScore> feed;
    private final Supplier<ChainInputs> chain;
    private final Metrics metrics = new Metrics();
    private final Javalin app;

    StatusOnlyServer(String host, int port, Upstreams providers, String bootstrapServers, Supplier<ChainInputs> chain) {
        this.providers = providers;
        this.chain = chain;
        this.kafka = new KafkaHealth(bootstrapServers);
        this.feed = new TopicFeed<>(bootstrapServers, Topics.QUALITY,
                score -> ProviderId.fromWire(score.provider()).ifPresent(id -> quality.put(id, score))).start();
        StatusService status = new StatusService(this, new DayWindow(Clock.systemUTC()), StatusThresholds.defaults(),
                Clock.systemUTC());
        app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            StatusRoutes.register(cfg.routes, status::report);
            OpsRoutes.register(cfg.routes, metrics, () -> new Readiness(kafka.reachable(), feed.caughtUp(),
                    feed.healthy() ? java.util.List.of() : java.util.List.of(feed.topic())));
        });
        app.start(host, port);
    }

    int port() {
        return app.port();
    }

    @Override
    public boolean configured(ProviderId provider) {
        return providers.hasKey(provider);
    }

    @Override
    public CircuitState circuit(ProviderId provider) {
        return CircuitState.CLOSED;
    }

    @Override
    public Optional<QualityScore> quality(ProviderId provider) {
        return Optional.ofNullable(quality.get(provider));
    }

    @Override
    public GatewayInputs gateway() {
        return new GatewayInputs(kafka.reachable(), 0, null, null, feed.caughtUp(), chain.get());
    }

    @Override
    public void close() {
        app.stop();
        feed.close();
        kafka.close();
        metrics.close();
    }
}
