package xyz.pura.ingress.internal;

import io.javalin.config.JavalinConfig;
import io.javalin.config.RouterConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;

/**
 * Installs the server's error paths: every refusal, Javalin's and Jetty's own errors, unknown routes and unexpected
 * failures are answered through {@link ErrorEnvelope}. Never writes a stack trace.
 */
public final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    /**
     * Every error path of the server in OpenAI's envelope: Jetty's own (before routing), exceptions and
     * {@link Error}s thrown in handlers, and unknown routes or methods.
     */
    public static void install(JavalinConfig cfg) {
        cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
        register(cfg.routes);
        register(cfg.router);
    }

    private static void register(RoutesConfig routes) {
        routes.exception(Refused.class, (e, ctx) -> write(ctx, e.refusal()));
        routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, fromJavalin(e)));
        // a request body that ends before its declared length (Javalin's body readers let Jetty's "Early EOF" through)
        routes.exception(org.eclipse.jetty.io.EofException.class, (e, ctx) -> write(ctx, RequestBody.incomplete().refusal()));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), Redaction.of(e, requestSecrets(ctx)));
            write(ctx, Refusal.Internal.unexpected());
        });
        routes.error(404, ctx -> {
            if (!ctx.res().isCommitted() && ctx.result() == null) {
                write(ctx, new Refusal.NotFound("not_found", "Unknown endpoint: " + ctx.method() + " " + ctx.path()));
            }
        });
        routes.error(405, ctx -> write(ctx, new Refusal.MethodNotAllowed("method_not_allowed",
                "Method " + ctx.method() + " is not allowed on " + ctx.path())));
    }

    /**
     * A {@link Error} thrown in a handler (Javalin's exception handlers take only {@link Exception}s): logged, and
     * answered with the same 500 envelope as an unexpected exception instead of Javalin's plain-text page.
     */
    private static void register(RouterConfig router) {
        router.javaLangErrorHandler((res, error) -> {
            // (an Error on the Messages door is answered in OpenAI's envelope: the servlet response has no path here)
            LOG.error("unexpected error in a handler", Redaction.of(error, java.util.List.of()));
            if (res.isCommitted()) {
                return; // a stream already under way: its connection is closed, nothing more can be said
            }
            try {
                res.reset();
                res.setStatus(500);
                res.setContentType("application/json");
                res.getOutputStream().write(ErrorEnvelope.bytes(Refusal.Internal.unexpected()));
            } catch (IOException | IllegalStateException clientGone) {
                LOG.debug("could not answer the error: {}", clientGone.toString());
            }
        });
    }

    /** The credentials a request carries, to be kept out of the log of its failure. */
    private static java.util.List<String> requestSecrets(Context ctx) {
        java.util.List<String> out = new java.util.ArrayList<>(3);
        for (String header : new String[]{"Authorization", "X-Provider-Key", "x-api-key"}) {
            String v = ctx.header(header);
            if (v != null) {
                out.add(v.startsWith("Bearer ") ? v.substring(7) : v);
            }
        }
        return out;
    }

    private static Refusal fromJavalin(HttpResponseException e) {
        int status = e.getStatus();
        return switch (status) {
            case 413 -> new Refusal.TooLarge("request_too_large", "The request body is too large.");
            case 400 -> new Refusal.Invalid(null, "Bad request: " + e.getMessage());
            default -> new Refusal.Protocol(status, null, e.getMessage());
        };
    }

    /** Answers the refusal: its status, its headers, the envelope (Anthropic's under {@code /v1/messages}). */
    public static void write(Context ctx, Refusal r) {
        if (MessagesErrorEnvelope.covers(ctx.path())) {
            MessagesErrorEnvelope.write(ctx, r);
            return;
        }
        r.headers().forEach(ctx::header);
        ctx.status(ErrorEnvelope.status(r)).contentType("application/json").result(ErrorEnvelope.bytes(r));
    }
}
