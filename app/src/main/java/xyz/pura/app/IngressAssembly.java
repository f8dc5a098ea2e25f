package xyz.pura.app;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import xyz.pura.events.LedgerReads;
import xyz.pura.events.ProviderId;
import xyz.pura.events.pricing.RateCard;
import xyz.pura.events.pricing.TokenEstimator;
import xyz.pura.ingress.AdminHandler;
import xyz.pura.ingress.Authenticator;
import xyz.pura.ingress.ChatHandler;
import xyz.pura.ingress.ResponsesHandler;
import xyz.pura.ingress.Doorway;
import xyz.pura.ingress.EmbeddingsHandler;
import xyz.pura.ingress.IngressServer;
import xyz.pura.ingress.KeysHandler;
import xyz.pura.ingress.MessagesHandler;
import xyz.pura.ingress.ModelsHandler;
import xyz.pura.gateway.RateCardMetering;
import xyz.pura.ingress.ReportHandler;
import xyz.pura.ingress.RouteHandler;
import xyz.pura.ingress.usage.EntrySource;
import xyz.pura.ingress.usage.ExportHandler;
import xyz.pura.ingress.usage.UsageHandler;
import xyz.pura.gateway.admission.Budgets;
import xyz.pura.gateway.admission.OutputAllowance;
import xyz.pura.gateway.admission.RateLimiter;
import xyz.pura.gateway.health.ProviderHealth;
import xyz.pura.journal.EventPublisher;
import xyz.pura.journal.Spool;
import xyz.pura.ingress.edge.FreeTierAllowance;
import xyz.pura.gateway.keys.KeyService;
import xyz.pura.gateway.keys.KeyStateMigration;
import xyz.pura.gateway.keys.KeyTable;
import xyz.pura.gateway.routing.Routing;
import xyz.pura.ingress.AdminAuth;
import xyz.pura.lightning.wallet.InvoiceBook;
import xyz.pura.lightning.wallet.SettlementWatcher;
import xyz.pura.ingress.wallet.WalletHandler;
import xyz.pura.lightning.wallet.WalletService;
import xyz.pura.lightning.wallet.Credits;
import xyz.pura.gateway.pipeline.ChatPipeline;
import xyz.pura.gateway.pipeline.EmbeddingPipeline;
import xyz.pura.ledger.LedgerConfig;
import xyz.pura.ledger.LedgerExport;
import xyz.pura.lightning.Backends;
import xyz.pura.providers.ProviderConfig;
import xyz.pura.providers.Providers;
import xyz.pura.router.CatalogModel;
import xyz.pura.router.ModelCatalog;
import xyz.pura.router.QualityTable;
import xyz.pura.router.Router;
import xyz.pura.router.WeightTable;
import xyz.pura.status.DayWindow;
import xyz.pura.status.Metrics;
import xyz.pura.status.Readiness;
import xyz.pura.status.StatusInputs;
import xyz.pura.status.StatusService;
import xyz.pura.status.StatusThresholds;
import xyz.pura.telemetry.OtelObserver;
import xyz.pura.telemetry.Telemetry;

/** Builds and starts the ingress role: its tables, router, admission, handlers and HTTP server. */
final class IngressAssembly {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngressAssembly.class);
    /** How long a stopping ingress waits for its requests in flight (streams included) before it stops anyway. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);
    /** How long one export may take to read pura.ledger to its end. */
    static final Duration EXPORT_TIMEOUT = Duration.ofMinutes(10);
    /** What the ingress needs from the rest of the process: its settings (read once at start) and its neighbours. */
    record Context(PuraConfig config, String bootstrapServers, Map<ProviderId, ProviderConfig> providerConfigs,
                   LedgerReads ledger, Supplier<String> streamsState,
                   Supplier<StatusInputs.ChainInputs> chain, String adminToken, Clock clock, Duration loadTimeout) {
    }

    private IngressAssembly() {
    }

    /** The export's entries, read from pura.ledger on the brokers (any ingress can, whatever the ledger's placement). */
    private static EntrySource ledgerEntries(Context c) {
        return new LedgerExport(c.bootstrapServers(), EXPORT_TIMEOUT)::entries;
    }

    /** @param started every started part is added here, to be closed in reverse order */
    static IngressServer start(Context c, Consumer<AutoCloseable> started) {
        Providers providers = Providers.from(c.providerConfigs());
        EventPublisher events = new EventPublisher(c.bootstrapServers(), "pura-ingress",
                new Spool(c.config().dataDir().resolve("spool"), c.config().journal().spoolSync()));
        started.accept(events);
        KafkaHealth kafka = new KafkaHealth(c.bootstrapServers());
        started.accept(kafka);
        events.brokerReachable(kafka::reachable);
        KeyTable keys = new KeyTable();
        PuraConfig s = c.config();
        LedgerConfig ledgerConfig = s.ledger();
        AdmissionSettings admission = s.admission();
        DoorSettings doorSettings = s.door();
        ModelCatalog catalog = ModelCatalog.load();
        OutputAllowance outputs = new OutputAllowance(admission.defaultOutputTokens(),
                model -> catalog.find(model).map(CatalogModel::maxOutputTokens).orElse(Integer.MAX_VALUE));
        Budgets budgets = new Budgets(c.clock(), ledgerConfig.freeRequests(), ledgerConfig.satsPerUsd(),
                admission.freeTierDailyUsd().nanos(), admission.admissionWait(), outputs);
        InvoiceBook invoices = new InvoiceBook(c.clock());
        QualityTable quality = new QualityTable();
        WeightTable weights = new WeightTable();
        ProviderHealth health = new ProviderHealth(providers, s.breaker().failures(), s.breaker().openFor(), c.clock());
        TableFeeds[] tables = new TableFeeds[1];
        AppStatusInputs statusInputs = new AppStatusInputs(health, kafka, events, c.streamsState(),
                () -> tables[0] != null && tables[0].loaded());
        statusInputs.chain(c.chain());
        tables[0] = new TableFeeds(c.bootstrapServers(), keys, budgets, quality, statusInputs::onQuality, weights, invoices)
                .start(c.loadTimeout());
        started.accept(tables[0]);
        KeyStateMigration.run(keys, events, c.clock());
        WalletService wallet = new WalletService(Backends.create(s.wallet().backend()), invoices, events,
                c.clock(), new Credits() {
                    @Override
                    public boolean credit(String keyId, String invoiceId, long amountMsat) {
                        return budgets.credit(keyId, invoiceId, amountMsat);
                    }

                    @Override
                    public void uncredit(String keyId, String invoiceId) {
                        budgets.uncredit(keyId, invoiceId);
                    }
                });
        started.accept(new SettlementWatcher(wallet, s.wallet().pollInterval()));

        Metrics metrics = new Metrics();
        started.accept(metrics);
        metrics.registerProducer(events::failures, events::backlog);
        metrics.registerGauge("pura.events.quarantined", "Events Kafka refused for good (too large, invalid), set aside "
                + "once in the spool's quarantine file", events::quarantined);
        DayWindow day = new DayWindow(c.clock());
        StatusService status = new StatusService(statusInputs, day, StatusThresholds.defaults(), c.clock());

        Router router = new Router(catalog, quality, weights, s.router());
        Routing routing = new Routing(router, health);
        Authenticator auth = new Authenticator(keys);
        RateCardMetering metering = new RateCardMetering(RateCard.current(), TokenEstimator.instance());
        OtelObserver telemetry = Telemetry.start(s.telemetry(), new OtelObserver.Lookups(
                keyId -> keys.byId(keyId).map(k -> k.prefix()).orElse(null), baseUrls(c.providerConfigs())));
        if (telemetry != null) {
            started.accept(telemetry); // closed after the server and the drain: what they complete is still exported
        }
        AppObserver observer = new AppObserver(metrics, day, telemetry);
        ChatPipeline.Funding funding = (keyId, baseUrl) -> Map.of("funding", WalletService.funding(wallet.fundingFor(keyId), baseUrl));
        ChatPipeline pipeline = new ChatPipeline(new ChatPipeline.Services(routing, providers, health, metering, budgets,
                funding, events, c.clock(), observer));
        Doorway door = new Doorway(auth, new RateLimiter(admission.rateLimitPerMinute(), "requests per key", c.clock()),
                events, observer, new Doorway.Limits(s.journal().maxUnackedEvents(), doorSettings.maxInFlight(),
                doorSettings.bodyReadTimeout(), doorSettings.minRequestBytesPerSecond()));
        ChatHandler chat = new ChatHandler(door, pipeline, doorSettings.streamWriteTimeout());
        EmbeddingsHandler embeddings = new EmbeddingsHandler(door, new EmbeddingPipeline(new EmbeddingPipeline.Services(
                providers, health, metering, budgets, funding, events, c.clock(), observer)));
        AdminAuth adminAuth = new AdminAuth(c.adminToken());
        WalletHandler walletHandler = new WalletHandler(auth, wallet, c.ledger(), adminAuth,
                new RateLimiter(s.wallet().fundPerMinutePerKey(), "funding invoices per key", c.clock()),
                s.wallet().maxPendingInvoicesPerKey(), budgets);
        KeysHandler.Policy keyPolicy = new KeysHandler.Policy(doorSettings.keyCreationAdminOnly(), adminAuth,
                doorSettings.clientAddresses(), new FreeTierAllowance(doorSettings.freeTierKeysPerAddress(), RateLimiter.MAX_CALLERS,
                c.clock()), ledgerConfig.freeRequests());
        AdminHandler admin = new AdminHandler(adminAuth, keys, budgets, events, c.clock());
        UsageHandler usage = new UsageHandler(auth, adminAuth, keys, c.ledger(), budgets, c.clock());
        IngressServer server = new IngressServer(doorSettings.host(), doorSettings.port(), doorSettings.maxBodyBytes(),
                new IngressServer.Handlers(chat,
                new ResponsesHandler(door, pipeline, doorSettings.streamWriteTimeout()), new KeysHandler(new KeyService(events, keys, c.clock()), admission.dailyBudget(),
                        new RateLimiter(doorSettings.keysPerMinutePerAddress(), "new keys per client address", c.clock()), keyPolicy),
                        new ModelsHandler(router.catalog()), new RouteHandler(auth, routing),
                        new ReportHandler(auth, c.ledger(), budgets, c.clock()), walletHandler, admin, auth, status::report, metrics,
                        () -> new Readiness(kafka.reachable(), tables[0].loaded(), tables[0].down()),
                        new MessagesHandler(door, pipeline, metering, doorSettings.streamWriteTimeout()), embeddings,
                        usage, new ExportHandler(usage, ledgerEntries(c))));
        server.start();
        started.accept(server);
        // closed before the server (in reverse order): requests in flight finish and are delivered, new ones get 503
        started.accept(() -> {
            if (!door.drain(DRAIN_TIMEOUT)) {
                LOG.warn("requests still in flight after {} s of draining; stopping anyway", DRAIN_TIMEOUT.toSeconds());
            }
        });
        return server;
    }

    /** Each provider's base URL by wire name (server.address and server.port of the telemetry's upstream calls). */
    private static Map<String, java.net.URI> baseUrls(Map<ProviderId, ProviderConfig> configs) {
        Map<String, java.net.URI> urls = new java.util.HashMap<>();
        configs.forEach((id, config) -> {
            try {
                urls.put(id.wireName(), java.net.URI.create(config.baseUrl()));
            } catch (IllegalArgumentException e) {
                // not a URI the telemetry can name a server from: it leaves server.address out
            }
        });
        return urls;
    }
}
