package xyz.pura.status;

import io.javalin.config.RoutesConfig;
import java.util.function.Supplier;
import xyz.pura.events.Json;

/** Registers {@code GET /api/status} (no auth, cacheable for 10 s). */
public final class StatusRoutes {
    private StatusRoutes() {
    }

    public static void register(RoutesConfig routes, Supplier<StatusReport> status) {
        routes.get("/api/status", ctx -> ctx.header("Cache-Control", "max-age=10")
                .contentType("application/json").result(Json.bytes(status.get())));
    }
}
