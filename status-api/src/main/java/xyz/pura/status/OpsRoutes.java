package xyz.pura.status;

import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import xyz.pura.events.Json;

/**
 * Registers the operator endpoints (no auth): {@code GET /metrics} (Prometheus text 0.0.4),
 * {@code GET /healthz} (200 while the process serves HTTP) and {@code GET /readyz} (200 when
 * {@link Readiness#ready()}, else 503 with {@code {"ready":false,"notReady":[...]}}).
 */
public final class OpsRoutes {
    private OpsRoutes() {
    }

    /** Adds the three routes; {@code readiness} is asked on every {@code /readyz}. */
    public static void register(RoutesConfig routes, Metrics metrics, Supplier<Readiness> readiness) {
        routes.get("/metrics", ctx -> ctx.contentType(Metrics.CONTENT_TYPE).result(metrics.scrape()));
        routes.get("/healthz", ctx -> ctx.contentType("application/json")
                .result(Json.bytes(Map.of("status", "alive"))));
        routes.get("/readyz", ctx -> {
            Readiness r = readiness.get();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ready", r.ready());
            body.put("notReady", r.notReady());
            ctx.status(r.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Cache-Control", "no-store")
                    .contentType("application/json").result(Json.bytes(body));
        });
    }
}
