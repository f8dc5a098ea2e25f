package xyz.pura.app;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.chain.ChainHealth;
import xyz.pura.chain.ChainOracleService;
import xyz.pura.chain.KafkaWeightPublisher;
import xyz.pura.events.LedgerReads;
import xyz.pura.events.ProviderId;
import xyz.pura.ingress.IngressServer;
import xyz.pura.journal.TopicSetup;
import xyz.pura.ledger.LedgerConfig;
import xyz.pura.ledger.LedgerStreamsService;
import java.util.Properties;
import org.apache.kafka.streams.state.HostInfo;
import xyz.pura.ledger.remote.LedgerEndpoint;
import xyz.pura.ledger.remote.LedgerRouting;
import xyz.pura.ledger.remote.RemoteLedger;
import xyz.pura.providers.ProviderConfig;
import xyz.pura.simulator.Simulator;
import xyz.pura.status.StatusInputs;

/**
 * The services of {@code PURA_ROLES} (default: all) in one JVM: the embedded broker (unless
 * KAFKA_BOOTSTRAP_SERVERS is set), the topics, the ledger (Kafka Streams), the chain oracle, and the
 * ingress (with the simulator when no provider key is set). {@link #close()} stops them in reverse order.
 */
public final class PuraApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PuraApp.class);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(90);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final PuraConfig config;
    private Simulator simulator;
    private EmbeddedKafka broker;
    private IngressServer ingress;
    private LedgerEndpoint ledgerEndpoint;
    private StatusOnlyServer statusServer;
    private LedgerStreamsService ledger;
    private LedgerRouting ledgerRouting;
    private ChainOracleService oracle;
    private String bootstrapServers;
    private TopicSetup.Report topics;

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
        Set<Role> roles = config.roles();
        LOG.info("starting Pura {} with {}", roles, config);
        bootstrapServers = config.bootstrapServers();
        if (bootstrapServers == null) {
            broker = new EmbeddedKafka(config.dataDir()).start();
            started.add(broker);
            bootstrapServers = broker.bootstrapServers();
        }
        topics = KafkaTopics.prepare(bootstrapServers, config.journal());
        if (roles.contains(Role.LEDGER)) {
            startLedger();
        }
        if (roles.contains(Role.ORACLE)) {
            startChainOracle();
        }
        if (roles.contains(Role.INGRESS)) {
            ingress = IngressAssembly.start(new IngressAssembly.Context(config, bootstrapServers, providerConfigs(),
                    ledgerReads(), ledger == null ? () -> null : () -> ledger.state().name(), chainInputs(),
                    AdminToken.resolve(config.adminToken(), config.dataDir()), Clock.systemUTC(), LOAD_TIMEOUT), started::add);
        } else if (roles.contains(Role.STATUS) && !roles.contains(Role.LEDGER)) {
            statusServer = new StatusOnlyServer(config.door().host(), config.door().port(), config.providers(),
                    bootstrapServers, chainInputs());
            started.add(statusServer);
        }
    }

    /**
     * The ledger, and its internal endpoint when other processes read from it: a ledger without an ingress always
     * serves it on PURA_PORT; beside an ingress only with PURA_LEDGER_PORT. The endpoint listens first, so that its
     * port is this instance's {@code application.server} when the ledger joins its group.
     */
    private void startLedger() {
        LedgerSettings placement = config.ledgerInstance();
        Integer endpointPort = config.roles().contains(Role.INGRESS) ? placement.port() : Integer.valueOf(config.door().port());
        HostInfo self = null;
        if (endpointPort != null) {
            ledgerEndpoint = new LedgerEndpoint(config.door().host(), endpointPort);
            started.add(ledgerEndpoint);
            self = new HostInfo(placement.advertisedHost(), ledgerEndpoint.port());
        }
        LedgerConfig ledgerConfig = config.ledger().withInternalTopics(KafkaTopics.internalTopics(topics));
        Properties streams = LedgerStreamsService.instance(
                LedgerStreamsService.streamsProperties(bootstrapServers, config.dataDir(), ledgerConfig),
                self == null ? null : self.host() + ":" + self.port(), placement.standbyReplicas());
        ledger = new LedgerStreamsService(ledgerConfig, streams);
        started.add(ledger);
        ledgerRouting = new LedgerRouting(ledger, self);
        if (ledgerEndpoint != null) {
            ledgerEndpoint.serve(ledger, ledgerRouting);
        }
        try {
            ledger.start(LOAD_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the ledger", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the ledger (Kafka Streams) did not reach RUNNING within " + LOAD_TIMEOUT, e);
        }
    }

    /** The chain oracle never blocks start-up: it polls in the background, and idles without member addresses. */
    private void startChainOracle() {
        KafkaWeightPublisher publisher = new KafkaWeightPublisher(bootstrapServers, Map.of(), Duration.ofSeconds(10));
        started.add(publisher);
        oracle = new ChainOracleService(config.chain(), publisher);
        started.add(oracle);
        oracle.start();
    }

    private Supplier<StatusInputs.ChainInputs> chainInputs() {
        if (oracle == null) {
            return StatusInputs.ChainInputs::none;
        }
        boolean configured = !config.chain().members().isEmpty();
        return () -> {
            ChainHealth h = oracle.health();
            return new StatusInputs.ChainInputs(configured, h.lastBlock() > 0 ? h.lastBlock() : null, h.lastSuccessAt());
        };
    }

    /**
     * The ledger's reads: the ledger in this process (which asks the key's owner when several instances run), else the
     * ledger instances at PURA_LEDGER_URL (the settings require it).
     */
    private LedgerReads ledgerReads() {
        if (ledgerRouting != null) {
            return ledgerRouting;
        }
        return new RemoteLedger(config.ledgerUrl());
    }

    private Map<ProviderId, ProviderConfig> providerConfigs() {
        if (!config.providers().simulated()) {
            return config.providers().configured();
        }
        simulator = new Simulator(config.simulator()).start();
        started.add(simulator);
        LOG.info("no provider key is set (OPENAI_API_KEY, ANTHROPIC_API_KEY, GROQ_API_KEY, GEMINI_API_KEY): "
                + "all four providers are served by the built-in simulator at {}", simulator.baseUrl());
        return config.providers().resolve(simulator.baseUrl());
    }

    /** The port of this process's HTTP server (the ingress, or the ledger's or status server's). */
    public int port() {
        if (ingress != null) {
            return ingress.port();
        }
        if (ledgerEndpoint != null) {
            return ledgerEndpoint.port();
        }
        return statusServer == null ? -1 : statusServer.port();
    }

    public String baseUrl() {
        return "http://" + config.door().host() + ":" + port();
    }

    public PuraConfig config() {
        return config;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** What the start found and did about the topics' replication and partitions. */
    public TopicSetup.Report topics() {
        return topics;
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
