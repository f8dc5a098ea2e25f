package xyz.pura.ledger.remote;

import io.javalin.Javalin;
import java.time.Instant;
import xyz.pura.events.Json;
import xyz.pura.ledger.LedgerStreamsService;
import xyz.pura.ledger.LedgerUnavailableException;

/**
 * The ledger process's own small HTTP server when no ingress runs beside it: for remote ingresses, the
 * 24 h report of a key ({@code GET /internal/ledger/report/{keyId}}) and its wallet balance with recent
 * entries ({@code GET /internal/ledger/wallet/{keyId}}); and {@code /healthz}, {@code /readyz}.
 * Internal: bind it to a private network only.
 */
public final class LedgerEndpoint implements AutoCloseable {
    private final Javalin app;

    public LedgerEndpoint(LedgerStreamsService ledger, String host, int port) {
        app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get(LedgerWire.REPORT_PATH + "{keyId}", ctx -> {
                try {
                    ctx.contentType("application/json").result(Json.bytes(
                            ledger.queries().report(ctx.pathParam("keyId"), Instant.now())));
                } catch (LedgerUnavailableException e) {
                    ctx.status(503).result("ledger not queryable yet");
                }
            });
            cfg.routes.get(LedgerWire.WALLET_PATH + "{keyId}", ctx -> {
                try {
                    String keyId = ctx.pathParam("keyId");
                    ctx.contentType("application/json").result(Json.bytes(new LedgerWire.Wallet(
                            ledger.queries().balance(keyId), ledger.queries().recentEntries(keyId, 20))));
                } catch (LedgerUnavailableException e) {
                    ctx.status(503).result("ledger not queryable yet");
                }
            });
            cfg.routes.get("/healthz", ctx -> ctx.result("{\"status\":\"alive\"}"));
            cfg.routes.get("/readyz", ctx -> ctx.status(ledger.state().isRunningOrRebalancing() ? 200 : 503)
                    .result("{\"streams\":\"" + ledger.state() + "\"}"));
        });
        app.start(host, port);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
