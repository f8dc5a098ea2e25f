package xyz.pura.status;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import xyz.pura.events.Json;

/**
 * Registers {@code GET /api/status} (no auth, JSON, cacheable for 10 s) and {@code GET /status}, the status
 * page: one self-contained HTML file (inline CSS and JS, no external resources) that polls
 * {@code /api/status} every 10 s.
 */
public final class StatusRoutes {
    /** The page's classpath location. */
    public static final String PAGE = "/xyz/pura/status/status.html";

    private StatusRoutes() {
    }

    /** Adds both routes; {@code status} is asked on every {@code /api/status} request. */
    public static void register(RoutesConfig routes, Supplier<StatusReport> status) {
        byte[] page = page();
        routes.get("/api/status", ctx -> ctx.header("Cache-Control", "max-age=10")
                .contentType("application/json").result(Json.bytes(status.get())));
        routes.get("/status", ctx -> ctx.header("Cache-Control", "no-cache")
                .contentType("text/html; charset=utf-8").result(page));
    }

    private static byte[] page() {
        try (InputStream in = StatusRoutes.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException("status page missing from the classpath: " + PAGE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the status page " + PAGE, e);
        }
    }
}
