package xyz.pura.ledger.remote;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import xyz.pura.events.Json;
import xyz.pura.events.refusal.Refused;
import xyz.pura.ledger.LedgerStreamsService;

/**
 * A ledger instance's small internal HTTP server: for ingresses and the other ledger instances, a key's 24 h report
 * ({@code GET /internal/ledger/report/{keyId}}), balance ({@code .../balance/{keyId}}), recent entries
 * ({@code .../recent/{keyId}?limit=}), balance and recent entries together ({@code .../wallet/{keyId}}) and daily
 * usage ({@code .../usage/{keyId}?from=&to=}), each answered by the instance that owns the key ({@link LedgerRouting}); and {@code /healthz}, {@code /readyz}. Internal: bind it to a
 * private network only.
 */
public final class LedgerEndpoint implements AutoCloseable {
    private final Javalin app;
    private volatile LedgerStreamsService ledger;
    private volatile LedgerRouting routing;

    /**
     * Starts listening at once, so its port is known before the ledger starts (it is the ledger's
     * {@code application.server}); reads answer 503 until {@link #serve} gives it the ledger.
     */
    public LedgerEndpoint(String host, int port) {
        app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get(LedgerWire.REPORT_PATH + "{keyId}", ctx -> answer(ctx,
                    r -> r.report(ctx.pathParam("keyId"), Instant.now())));
            cfg.routes.get(LedgerWire.BALANCE_PATH + "{keyId}", ctx -> answer(ctx,
                    r -> r.balance(ctx.pathParam("keyId"))));
            cfg.routes.get(LedgerWire.RECENT_PATH + "{keyId}", ctx -> answer(ctx,
                    r -> r.recentEntries(ctx.pathParam("keyId"), limit(ctx))));
            cfg.routes.get(LedgerWire.USAGE_PATH + "{keyId}", ctx -> {
                LocalDate from = day(ctx, "from");
                LocalDate to = day(ctx, "to");
                if (from == null || to == null) {
                    ctx.status(400).result("from and to must be YYYY-MM-DD");
                    return;
                }
                answer(ctx, r -> r.usage(ctx.pathParam("keyId"), from, to));
            });
            cfg.routes.get(LedgerWire.WALLET_PATH + "{keyId}", ctx -> answer(ctx, r -> {
                String keyId = ctx.pathParam("keyId");
                return new LedgerWire.Wallet(r.balance(keyId), r.recentEntries(keyId, 20));
            }));
            cfg.routes.get("/healthz", ctx -> ctx.result("{\"status\":\"alive\"}"));
            cfg.routes.get("/readyz", ctx -> {
                LedgerStreamsService l = ledger;
                boolean ready = l != null && l.state().isRunningOrRebalancing();
                ctx.status(ready ? 200 : 503).result("{\"streams\":\"" + (l == null ? "NOT_STARTED" : l.state()) + "\"}");
            });
        });
        app.start(host, port);
    }

    private static int limit(Context ctx) {
        try {
            return Math.max(0, Math.min(100, Integer.parseInt(ctx.queryParamAsClass("limit", String.class).getOrDefault("20"))));
        } catch (NumberFormatException e) {
            return 20;
        }
    }

    private static LocalDate day(Context ctx, String name) {
        try {
            String v = ctx.queryParam(name);
            return v == null ? null : LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** From now on, reads are answered by {@code routing} over {@code ledger}. */
    public void serve(LedgerStreamsService ledger, LedgerRouting routing) {
        this.ledger = ledger;
        this.routing = routing;
    }

    private void answer(Context ctx, Function<LedgerRouting, Object> read) {
        LedgerRouting routing = this.routing;
        if (routing == null) {
            ctx.status(503).header("Retry-After", "1").result("ledger starting");
            return;
        }
        try {
            Object body = read.apply(routing.as(LedgerRouting.Mode.ofHeader(ctx.header(LedgerWire.READ_HEADER))));
            ctx.contentType("application/json").result(Json.bytes(body));
        } catch (Refused unavailable) {
            ctx.status(503).header("Retry-After", "1").result("ledger not queryable for this key here");
        }
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
