package xyz.pura.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.events.ProviderId;
import xyz.pura.events.Topics;
import xyz.pura.ingress.Authenticator;
import xyz.pura.ingress.ChatHandler;
import xyz.pura.ingress.IngressServer;
import xyz.pura.ingress.KeysHandler;
import xyz.pura.ingress.ModelsHandler;
import xyz.pura.ingress.kafka.EventPublisher;
import xyz.pura.ingress.kafka.TopicFeed;
import xyz.pura.ingress.keys.KeyService;
import xyz.pura.ingress.keys.KeyTable;
import xyz.pura.providers.Provider;
import xyz.pura.providers.ProviderConfig;
import xyz.pura.providers.ProviderSettings;
import xyz.pura.providers.Providers;
import xyz.pura.simulator.Simulator;
import xyz.pura.simulator.SimulatorConfig;
import xyz.pura.status.StatusReport;

/**
 * Every service in one JVM: the embedded broker (unless KAFKA_BOOTSTRAP_SERVERS is set), the
 * topics, the simulator (when no provider key is set), and the ingress. {@link #close()} stops them
 * in reverse order.
 */
public final class PuraApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PuraApp.class);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final PuraConfig config;
    private Simulator simulator;
    private IngressServer ingress;
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
            EmbeddedKafka broker = new EmbeddedKafka(config.dataDir()).start();
            started.add(broker);
            bootstrapServers = broker.bootstrapServers();
        }
        TopicSetup.ensure(bootstrapServers, config.partitions(), (short) 1);

        Map<ProviderId, ProviderConfig> providerConfigs;
        if (ProviderSettings.anyKey(config.env())) {
            providerConfigs = ProviderSettings.fromEnv(config.env(), config.upstreamTimeout());
        } else {
            simulator = new Simulator(SimulatorConfig.fromEnv(config.env())).start();
            started.add(simulator);
            providerConfigs = ProviderSettings.simulator(simulator.baseUrl(), config.upstreamTimeout());
            LOG.info("no provider key is set (OPENAI_API_KEY, ANTHROPIC_API_KEY, GROQ_API_KEY, GEMINI_API_KEY): "
                    + "all four providers are served by the built-in simulator at {}", simulator.baseUrl());
        }
        Providers providers = Providers.from(providerConfigs);

        EventPublisher events = new EventPublisher(bootstrapServers, "pura-ingress");
        started.add(events);
        KeyTable keys = new KeyTable();
        TopicFeed<?> keyFeed = new TopicFeed<>(bootstrapServers, Topics.KEYS, keys::apply).start();
        started.add(keyFeed);
        awaitFeed(keyFeed);

        Clock clock = Clock.systemUTC();
        Authenticator auth = new Authenticator(keys);
        DefaultRoutes routes = new DefaultRoutes(providers);
        ApproxMetering metering = new ApproxMetering();
        ChatHandler chat = new ChatHandler(auth, routes, providers, metering, events, clock);
        KeysHandler keysHandler = new KeysHandler(new KeyService(events, keys, clock), config.dailyBudget());
        ModelsHandler models = new ModelsHandler(routes.models());
        ingress = new IngressServer(config.host(), config.port(), config.maxBodyBytes(),
                new IngressServer.Handlers(chat, keysHandler, models, auth, () -> status(providers, events, keyFeed)));
        ingress.start();
        started.add(ingress);
    }

    private static void awaitFeed(TopicFeed<?> feed) {
        try {
            if (!feed.awaitCaughtUp(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the key table did not load from pura.keys within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading keys", e);
        }
    }

    private static StatusReport status(Providers providers, EventPublisher events, TopicFeed<?> keyFeed) {
        List<StatusReport.ProviderStatus> rows = new ArrayList<>();
        for (ProviderId id : ProviderId.values()) {
            Provider p = providers.get(id);
            boolean configured = p != null && p.configured();
            rows.add(new StatusReport.ProviderStatus(id.wireName(), configured, configured,
                    configured ? "active" : "unconfigured"));
        }
        boolean any = rows.stream().anyMatch(StatusReport.ProviderStatus::available);
        return new StatusReport(any ? "operational" : "outage", Instant.now(), rows,
                new StatusReport.Gateway(true, events.backlog(), keyFeed.caughtUp()));
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
