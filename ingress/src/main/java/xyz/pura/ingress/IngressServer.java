package xyz.pura.ingress;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.Container;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.ingress.internal.ErrorMapper;
import xyz.pura.ingress.internal.JsonAnswer;
import xyz.pura.ingress.usage.ExportHandler;
import xyz.pura.ingress.usage.UsageHandler;
import xyz.pura.ingress.wallet.WalletHandler;
import xyz.pura.status.Metrics;
import xyz.pura.status.OpsRoutes;
import xyz.pura.status.Readiness;
import xyz.pura.status.StatusReport;
import xyz.pura.status.StatusRoutes;

/**
 * The HTTP surface: {@code /v1/*} (OpenAI-compatible, and Anthropic's {@code /v1/messages}) and {@code /api/*} (Pura's
 * own), on virtual threads.
 */
public final class IngressServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngressServer.class);

    /** Handlers the server routes to. */
    public record Handlers(ChatHandler chat, ResponsesHandler responses, KeysHandler keys, ModelsHandler models, RouteHandler route,
                           ReportHandler report, WalletHandler wallet, AdminHandler admin, Authenticator auth,
                           Supplier<StatusReport> status,
                           Metrics metrics, Supplier<Readiness> readiness,
                           MessagesHandler messages, EmbeddingsHandler embeddings, UsageHandler usage,
                           ExportHandler export) {
        /** Without the usage page and export (their routes are then absent). */
        public Handlers(ChatHandler chat, ResponsesHandler responses, KeysHandler keys, ModelsHandler models, RouteHandler route,
                        ReportHandler report, WalletHandler wallet, AdminHandler admin, Authenticator auth,
                        Supplier<StatusReport> status, Metrics metrics, Supplier<Readiness> readiness,
                        MessagesHandler messages, EmbeddingsHandler embeddings) {
            this(chat, responses, keys, models, route, report, wallet, admin, auth, status, metrics, readiness, messages,
                    embeddings, null, null);
        }
    }

    /** Connections the kernel queues for the acceptor; Linux caps it at net.core.somaxconn (4096 by default). */
    public static final int ACCEPT_BACKLOG = 1024;

    private final Javalin app;
    private final String host;
    private final int port;

    /**
     * Jetty's own threads (selectors, acceptor, non-blocking tasks) on a small pool of platform threads; each
     * request's handling, which blocks on the upstream, on a virtual thread of its own (Jetty's virtual-threads
     * executor). Javalin's setting for virtual threads runs all of Jetty on them, selectors included, so each
     * selector's {@code epoll_wait} held one of the two carriers of the scheduler. Measured on 2 cores, interleaved
     * runs of both layouts: closed loop 4,840-5,580 RPS against 4,590-5,370, within the host's noise.
     */
    static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(64, 4, 60_000);
        pool.setName("http");
        pool.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-request-", 0).factory()));
        return pool;
    }

    public IngressServer(String host, int port, long maxBodyBytes, Handlers h) {
        this.host = host;
        this.port = port;
        this.app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.jetty.threadPool = threadPool();
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = maxBodyBytes;
            // the size from which Javalin gzips a result; JsonAnswer writes smaller answers past Javalin
            cfg.http.compressionStrategy.setDefaultMinSizeForCompression(JsonAnswer.COMPRESSION_MIN_BYTES);
            // Jetty's per-connection header cache is a trie of about 25 KB of heap per keep-alive connection:
            // 2,000 idle or slow connections took 133 MB of a 320 MB heap. Headers are parsed without it.
            cfg.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
            // Jetty's connector asks for a listen backlog of 0, which the JDK turns into 50: a burst of new
            // connections (1,000 streams opened at 500 a second) overflowed it while the acceptor waited for CPU,
            // and the kernel dropped those connections before the gateway saw a byte
            cfg.jetty.modifyServer(server -> server.addEventListener(new Container.Listener() {
                @Override
                public void beanAdded(Container parent, Object child) {
                    if (child instanceof ServerConnector connector) {
                        connector.setAcceptQueueSize(ACCEPT_BACKLOG);
                    }
                }

                @Override
                public void beanRemoved(Container parent, Object child) {
                }
            }));
            // a body declared larger than the limit is refused from its Content-Length, before any of it is read
            // (Javalin read it up to the limit first, and a client still uploading then met a closed connection)
            cfg.routes.before(ctx -> {
                if (ctx.contentLength() > maxBodyBytes) {
                    throw new HttpResponseException(413, "The request body is too large.");
                }
            });
            cfg.routes.post("/v1/chat/completions", h.chat()::openAi);
            cfg.routes.post("/api/chat", h.chat()::pura);
            cfg.routes.post("/v1/responses", h.responses()::create);
            cfg.routes.get("/v1/responses/{responseId}", h.responses()::stored);
            cfg.routes.delete("/v1/responses/{responseId}", h.responses()::stored);
            cfg.routes.post("/v1/responses/{responseId}/cancel", h.responses()::stored);
            MessagesRoutes.register(cfg.routes, h.messages());
            if (h.embeddings() != null) {
                cfg.routes.post("/v1/embeddings", h.embeddings()::handle);
            }
            cfg.routes.get("/v1/models", ctx -> {
                h.auth().authenticate(ctx);
                h.models().list(ctx);
            });
            cfg.routes.post("/v1/route", h.route()::explain);
            cfg.routes.post("/api/keys", h.keys()::create);
            cfg.routes.get("/api/report", h.report()::get);
            cfg.routes.post("/api/wallet/fund", h.wallet()::fund);
            cfg.routes.get("/api/wallet/status", h.wallet()::status);
            cfg.routes.get("/api/wallet/balance", h.wallet()::balance);
            cfg.routes.get("/api/wallet/invoices/{invoiceId}", h.wallet()::page);
            cfg.routes.get("/api/wallet/invoices/{invoiceId}/status", h.wallet()::publicStatus);
            cfg.routes.post("/api/admin/wallet/settle", h.wallet()::adminSettle);
            cfg.routes.get("/api/admin/keys", h.admin()::list);
            cfg.routes.post("/api/admin/keys/{keyId}/budget", h.admin()::setBudget);
            cfg.routes.post("/api/admin/keys/{keyId}/revoke", h.admin()::revoke);
            if (h.usage() != null) {
                cfg.routes.get("/usage", h.usage()::page);
                cfg.routes.get("/api/usage", h.usage()::usage);
                cfg.routes.get("/api/usage/keys", h.usage()::keys);
            }
            if (h.export() != null) {
                cfg.routes.get("/api/usage/export", h.export()::export);
            }
            StatusRoutes.register(cfg.routes, h.status());
            OpsRoutes.register(cfg.routes, h.metrics(), h.readiness());
            // every error in OpenAI's envelope, Jetty's own too (e.g. 431 for headers over 8 KiB)
            ErrorMapper.install(cfg);
        });
    }

    public IngressServer start() {
        app.start(host, port);
        LOG.info("ingress listening on http://{}:{}", host, app.port());
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
