package xyz.pura.app;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.chain.ChainHealth;
import xyz.pura.chain.ChainOracleConfig;
import xyz.pura.chain.ChainOracleService;
import xyz.pura.chain.KafkaWeightPublisher;
import xyz.pura.events.ProviderId;
import xyz.pura.events.pricing.RateCard;
import xyz.pura.events.pricing.TokenEstimator;
import xyz.pura.ingress.ApiException;
import xyz.pura.ingress.Authenticator;
import xyz.pura.ingress.ChatHandler;
import xyz.pura.ingress.IngressServer;
import xyz.pura.ingress.KeysHandler;
import xyz.pura.ingress.ModelsHandler;
import xyz.pura.ingress.RateCardMetering;
import xyz.pura.ingress.ReportHandler;
import xyz.pura.ingress.RouteHandler;
import xyz.pura.ingress.admission.Budgets;
import xyz.pura.ingress.health.ProviderHealth;
import xyz.pura.ingress.kafka.EventPublisher;
import xyz.pura.ingress.keys.KeyService;
import xyz.pura.ingress.keys.KeyTable;
import xyz.pura.ingress.routing.Routing;
import xyz.pura.ledger.LedgerConfig;
import xyz.pura.ledger.LedgerStreamsService;
import xyz.pura.ledger.LedgerUnavailableException;
import xyz.pura.providers.ProviderConfig;
import xyz.pura.providers.ProviderSettings;
import xyz.pura.providers.Providers;
import xyz.pura.router.ModelCatalog;
import xyz.pura.router.QualityTable;
import xyz.pura.router.Router;
import xyz.pura.router.WeightTable;
import xyz.pura.simulator.Simulator;
import xyz.pura.simulator.SimulatorConfig;
import xyz.pura.status.DayWindow;
import xyz.pura.status.Metrics;
import xyz.pura.status.Readiness;
import xyz.pura.status.StatusInputs;
import xyz.pura.status.StatusService;
import xyz.pura.status.StatusThresholds;

/**
 * Every service in one JVM: the embedded broker (unless KAFKA_BOOTSTRAP_SERVERS is set), the topics,
 * the simulator (when no provider key is set), the ledger (Kafka Streams) and the ingress.
 * {@link #close()} stops them in reverse order.
 */
public final class PuraApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PuraApp.class);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(90);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final PuraConfig config;
    private Simulator simulator;
    private EmbeddedKafka broker;
    private IngressServer ingress;
    private LedgerStreamsService ledger;
    private String bootstrapServers;

    private PuraApp(PuraConfig config) {
        this.config = config;
    }

    public static PuraApp start(PuraConfig config) {
        PuraApp app = new PuraApp(config);
        try {
            app.startAll();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    private void startAll() {
        LOG.info("starting Pura with {}", config);
        bootstrapServers = config.bootstrapServers();
        if (bootstrapServers == null) {
            broker = new EmbeddedKafka(config.dataDir()).start();
            started.add(broker);
            bootstrapServers = broker.bootstrapServers();
        }
        TopicSetup.ensure(bootstrapServers, config.partitions(), (short) 1);
        Providers providers = Providers.from(providerConfigs());
        Clock clock = Clock.systemUTC();

        LedgerConfig ledgerConfig = LedgerConfig.fromEnv(config.env());
        ledger = new LedgerStreamsService(ledgerConfig, LedgerStreamsService.streamsProperties(bootstrapServers, config.dataDir()));
        started.add(ledger);
        startLedger();

        EventPublisher events = new EventPublisher(bootstrapServers, "pura-ingress");
        started.add(events);
        KafkaHealth kafka = new KafkaHealth(bootstrapServers);
        started.add(kafka);
        KeyTable keys = new KeyTable();
        Budgets budgets = new Budgets(clock);
        QualityTable quality = new QualityTable();
        ProviderHealth health = new ProviderHealth(providers, config.breakerFailures(), config.breakerOpenFor(), clock);
        TableFeeds[] tables = new TableFeeds[1];
        AppStatusInputs statusInputs = new AppStatusInputs(health, kafka, events, () -> ledger.state().name(),
                () -> tables[0] != null && tables[0].loaded());
        WeightTable weights = new WeightTable();
        tables[0] = new TableFeeds(bootstrapServers, keys, budgets, quality, statusInputs::onQuality, weights)
                .start(LOAD_TIMEOUT);
        started.add(tables[0]);
        startChainOracle(statusInputs);

        Metrics metrics = new Metrics();
        started.add(metrics);
        metrics.registerProducer(events::failures, events::backlog);
        DayWindow day = new DayWindow(clock);
        StatusService status = new StatusService(statusInputs, day, StatusThresholds.defaults(), clock);

        Router router = new Router(ModelCatalog.load(), quality, weights, config.routerConfig());
        Routing routing = new Routing(router, health);
        Authenticator auth = new Authenticator(keys);
        RateCardMetering metering = new RateCardMetering(RateCard.current(), TokenEstimator.instance());
        ChatHandler chat = new ChatHandler(new ChatHandler.Deps(auth, routing, providers, health, metering, budgets,
                events, clock, new AppObserver(metrics, day)));
        ReportHandler report = new ReportHandler(auth, (keyId, at) -> {
            try {
                return ledger.queries().report(keyId, at);
            } catch (LedgerUnavailableException e) {
                throw new ApiException(503, "server_error", "ledger_unavailable", "The report is not available yet; "
                        + "the ledger is starting or rebalancing. Try again shortly.", null, Map.of("Retry-After", "1"), Map.of());
            }
        }, budgets, clock);
        ingress = new IngressServer(config.host(), config.port(), config.maxBodyBytes(), new IngressServer.Handlers(chat,
                new KeysHandler(new KeyService(events, keys, clock), config.dailyBudget()), new ModelsHandler(router.catalog()),
                new RouteHandler(auth, routing), report, auth, status::report, metrics,
                () -> new Readiness(kafka.reachable(), tables[0].loaded())));
        ingress.start();
        started.add(ingress);
    }

    private Map<ProviderId, ProviderConfig> providerConfigs() {
        if (ProviderSettings.anyKey(config.env())) {
            return ProviderSettings.fromEnv(config.env(), config.upstreamTimeout());
        }
        simulator = new Simulator(SimulatorConfig.fromEnv(config.env())).start();
        started.add(simulator);
        LOG.info("no provider key is set (OPENAI_API_KEY, ANTHROPIC_API_KEY, GROQ_API_KEY, GEMINI_API_KEY): "
                + "all four providers are served by the built-in simulator at {}", simulator.baseUrl());
        return ProviderSettings.simulator(simulator.baseUrl(), config.upstreamTimeout());
    }

    /** The chain oracle never blocks start-up: it polls in the background, and idles without member addresses. */
    private void startChainOracle(AppStatusInputs statusInputs) {
        ChainOracleConfig chainConfig = ChainOracleConfig.fromEnv(config.env());
        KafkaWeightPublisher publisher = new KafkaWeightPublisher(bootstrapServers, Map.of(), Duration.ofSeconds(10));
        started.add(publisher);
        ChainOracleService oracle = new ChainOracleService(chainConfig, publisher);
        started.add(oracle);
        oracle.start();
        boolean configured = !chainConfig.members().isEmpty();
        statusInputs.chain(() -> {
            ChainHealth h = oracle.health();
            return new StatusInputs.ChainInputs(configured, h.lastBlock() > 0 ? h.lastBlock() : null, h.lastSuccessAt());
        });
    }

    private void startLedger() {
        try {
            ledger.start(LOAD_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the ledger", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the ledger (Kafka Streams) did not reach RUNNING within " + LOAD_TIMEOUT, e);
        }
    }

    public int port() {
        return ingress.port();
    }

    public String baseUrl() {
        return "http://" + config.host() + ":" + port();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The embedded broker, when this app started one (tests stop it to see the gateway degrade). */
    public EmbeddedKafka broker() {
        return broker;
    }

    /** The simulator, when this app started one. */
    public Simulator simulator() {
        return simulator;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
    }
}
