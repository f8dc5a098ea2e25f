package xyz.pura.ingress;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import xyz.pura.events.KeyEvent;
import xyz.pura.gateway.Observer;
import xyz.pura.gateway.RateCardMetering;
import xyz.pura.gateway.pipeline.ChatPipeline;
import xyz.pura.events.ProviderId;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.SatsRate;
import xyz.pura.events.Usd;
import xyz.pura.events.pricing.RateCard;
import xyz.pura.events.pricing.TokenEstimator;
import xyz.pura.gateway.admission.Budgets;
import xyz.pura.gateway.admission.RateLimiter;
import xyz.pura.gateway.health.ProviderHealth;
import xyz.pura.journal.EventPublisher;
import xyz.pura.gateway.keys.ApiKey;
import xyz.pura.gateway.keys.KeyService;
import xyz.pura.gateway.keys.KeyTable;
import xyz.pura.gateway.keys.Secrets;
import xyz.pura.gateway.routing.Routing;
import xyz.pura.ingress.AdminAuth;
import xyz.pura.ingress.wallet.WalletHandler;
import xyz.pura.providers.Provider;
import xyz.pura.providers.Providers;
import xyz.pura.router.ModelCatalog;
import xyz.pura.router.QualityTable;
import xyz.pura.router.Router;
import xyz.pura.router.RouterConfig;
import xyz.pura.router.WeightTable;
import xyz.pura.status.Metrics;
import xyz.pura.status.Readiness;

/**
 * The real {@link IngressServer} on an ephemeral port with one key, one fake provider behind every provider id, no
 * Kafka (events are parked in memory, as when the broker is down) and no wallet; completions are recorded as the
 * {@link Observer} sees them.
 */
final class TestIngress implements AutoCloseable {
    /** The settings under test. */
    record Limits(int maxInFlight, Duration bodyReadTimeout, long minRequestBytesPerSecond, Duration streamWriteTimeout) {
    }

    static final long DAILY_BUDGET_NANOS = Usd.parse("1000").nanos();

    final String key = Secrets.newKey();
    final List<RequestCompleted> completed = new CopyOnWriteArrayList<>();
    final RateCardMetering metering = new RateCardMetering(RateCard.current(), TokenEstimator.instance());
    final Budgets budgets;
    final ApiKey apiKey;
    final Doorway door;
    private final EventPublisher events;
    private final Metrics metrics;
    private final IngressServer server;

    private TestIngress(Limits limits, Provider provider) {
        Clock clock = Clock.systemUTC();
        KeyTable keys = new KeyTable();
        String hash = Secrets.sha256Hex(key);
        keys.apply(new KeyEvent.KeyCreated(KeyEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), clock.instant(),
                Secrets.keyIdOf(hash), hash, Secrets.displayPrefix(key), "test", DAILY_BUDGET_NANOS));
        apiKey = keys.byId(Secrets.keyIdOf(hash)).orElseThrow();
        Map<ProviderId, Provider> all = new EnumMap<>(ProviderId.class);
        for (ProviderId id : ProviderId.values()) {
            all.put(id, provider);
        }
        Providers providers = new Providers(all);
        ProviderHealth health = new ProviderHealth(providers, 5, Duration.ofSeconds(30), clock);
        Router router = new Router(ModelCatalog.load(), new QualityTable(), new WeightTable(), RouterConfig.defaults());
        Routing routing = new Routing(router, health);
        Authenticator auth = new Authenticator(keys);
        budgets = new Budgets(clock, Long.MAX_VALUE, new SatsRate(1_000_000_000L));
        events = new EventPublisher("127.0.0.1:1", "test-ingress");
        events.brokerReachable(() -> false);
        Observer observer = new Observer() {
            @Override
            public void onCompleted(RequestCompleted event) {
                completed.add(event);
            }

            @Override
            public void onRejected(String code) {
            }
        };
        ChatPipeline pipeline = new ChatPipeline(new ChatPipeline.Services(routing, providers, health, metering, budgets,
                (keyId, base) -> Map.of(), events, clock, observer));
        door = new Doorway(auth, new RateLimiter(0, "requests per key", clock), events, observer,
                new Doorway.Limits(Long.MAX_VALUE, limits.maxInFlight(), limits.bodyReadTimeout(), limits.minRequestBytesPerSecond()));
        ChatHandler chat = new ChatHandler(door, pipeline, limits.streamWriteTimeout());
        AdminAuth admin = new AdminAuth(null);
        metrics = new Metrics();
        server = new IngressServer("127.0.0.1", 0, 1024 * 1024, new IngressServer.Handlers(chat,
                new ResponsesHandler(door, pipeline, limits.streamWriteTimeout()),
                new KeysHandler(new KeyService(events, keys, clock), Usd.parse("1"), new RateLimiter(0, "keys", clock),
                        new KeysHandler.Policy(false, admin, xyz.pura.ingress.edge.ClientAddress.direct(),
                                new xyz.pura.ingress.edge.FreeTierAllowance(-1, 1, clock), 5000)),
                new ModelsHandler(router.catalog()), new RouteHandler(auth, routing), new ReportHandler(auth, null,
                budgets, clock), new WalletHandler(auth, null, null, admin), new AdminHandler(admin, keys, budgets, events, clock),
                auth, () -> null, metrics, () -> new Readiness(true, true), null, null)).start();
    }

    static TestIngress start(Limits limits, Provider provider) {
        return new TestIngress(limits, provider);
    }

    int port() {
        return server.port();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    RequestCompleted completion(String requestId) {
        return completed.stream().filter(e -> e.requestId().equals(requestId)).findFirst().orElse(null);
    }

    @Override
    public void close() {
        server.close();
        metrics.close();
        events.close();
    }
}
