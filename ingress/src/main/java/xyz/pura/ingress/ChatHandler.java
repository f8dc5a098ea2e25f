package xyz.pura.ingress;

import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.events.Json;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.Topics;
import xyz.pura.events.Usd;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.ChatRequestParser;
import xyz.pura.ingress.internal.Completions;
import xyz.pura.ingress.internal.RequestContext;
import xyz.pura.ingress.internal.SseResponse;
import xyz.pura.ingress.kafka.EventPublisher;
import xyz.pura.ingress.keys.ApiKey;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.Provider;
import xyz.pura.providers.Providers;
import xyz.pura.providers.StreamAbortedException;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.UpstreamRequest;

/**
 * {@code POST /v1/chat/completions} (JSON unless {@code "stream": true}) and {@code POST /api/chat}
 * (SSE unless {@code "stream": false}): authenticate, validate, route, call the provider (failing
 * over before the first byte), answer in OpenAI's shape with the {@code X-Pura-*} headers, and
 * publish RequestAccepted and RequestCompleted without waiting for Kafka.
 */
public final class ChatHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ChatHandler.class);

    private final Authenticator auth;
    private final RouteSource routes;
    private final Providers providers;
    private final Metering metering;
    private final EventPublisher events;
    private final Clock clock;

    public ChatHandler(Authenticator auth, RouteSource routes, Providers providers, Metering metering,
                       EventPublisher events, Clock clock) {
        this.auth = auth;
        this.routes = routes;
        this.providers = providers;
        this.metering = metering;
        this.events = events;
        this.clock = clock;
    }

    public void openAi(Context ctx) {
        handle(ctx, false);
    }

    public void pura(Context ctx) {
        handle(ctx, true);
    }

    private void handle(Context ctx, boolean defaultStream) {
        long start = System.nanoTime();
        ApiKey key = auth.authenticate(ctx);
        ChatRequest chat = ChatRequestParser.parse(ctx.bodyAsBytes(), defaultStream);
        Route route = routes.choose(chat);
        String byokKey = ctx.header("X-Provider-Key");
        boolean byok = byokKey != null && !byokKey.isBlank();
        String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
        int inputTokens = metering.countRequest(chat);
        RequestContext r = new RequestContext(requestId, key, chat, route, byok, inputTokens, 0, start);
        events.publish(Topics.REQUESTS, key.keyId(), Completions.accepted(r, clock.instant()));
        ctx.header("X-Pura-Request-Id", requestId);
        ctx.header("X-Pura-Tier", route.tier().wireName());
        ctx.header("X-Pura-Explored", Boolean.toString(route.explored()));
        if (route.qualityBias() != null) {
            ctx.header("X-Pura-Quality", route.qualityBias());
        }
        new Exchange(ctx, r, byok ? byokKey : null).run();
    }

    /** One request's calls to upstreams, and its completion event however it ends. */
    private final class Exchange {
        private final Context ctx;
        private final RequestContext r;
        private final String byokKey;
        private final List<RequestCompleted.Attempt> attempts = new ArrayList<>();
        private final SseResponse sse;

        Exchange(Context ctx, RequestContext r, String byokKey) {
            this.ctx = ctx;
            this.r = r;
            this.byokKey = byokKey;
            this.sse = r.chat().stream() ? new SseResponse(ctx) : null;
        }

        void run() {
            UpstreamException last = null;
            for (Route.Target target : plan()) {
                Provider provider = providers.get(target.provider());
                if (provider == null || (!provider.configured() && byokKey == null)) {
                    continue;
                }
                r.servedBy(target);
                ctx.header("X-Pura-Provider", target.provider().wireName());
                ctx.header("X-Pura-Model", target.model());
                long attemptStart = System.nanoTime();
                UpstreamRequest up = new UpstreamRequest(r.chat(), target.model(), byokKey, r.requestId());
                try {
                    ChatResult result = sse == null ? provider.chat(up) : provider.stream(up, chunk -> {
                        sse.send(chunk);
                        r.firstByteNanos(sse.firstByteNanos());
                    });
                    attempts.add(attempt(target, "ok", 200, attemptStart));
                    succeed(result);
                    return;
                } catch (StreamAbortedException e) {
                    attempts.add(attempt(target, "client_cancelled", null, attemptStart));
                    complete("client_cancelled", 499, "client_cancelled", e.partial());
                    return;
                } catch (UpstreamException e) {
                    attempts.add(attempt(target, e.kind().name().toLowerCase(), e.httpStatus(), attemptStart));
                    last = e;
                    LOG.info("{} {} failed: {}", r.requestId(), target.provider().wireName(), e.getMessage());
                    if (!e.kind().retryable() || (sse != null && sse.started())) {
                        break;
                    }
                }
            }
            fail(last);
        }

        /** The chosen target, retried once; then the tier's fallbacks (none with BYOK). */
        private List<Route.Target> plan() {
            Route route = r.route();
            List<Route.Target> plan = new ArrayList<>();
            Route.Target first = new Route.Target(route.provider(), route.model());
            plan.add(first);
            plan.add(first);
            if (byokKey == null) {
                plan.addAll(route.fallbacks());
            }
            return plan;
        }

        private void succeed(ChatResult result) {
            int outputTokens = metering.countText(result.outputText());
            Usd cost = metering.cost(r.servedBy().model(), r.inputTokens(), outputTokens);
            ctx.header("X-Pura-Cost", cost.toString());
            try {
                if (sse == null) {
                    ctx.status(200).contentType("application/json").result(Json.bytes(result.completion()));
                } else {
                    sse.done();
                }
                complete("ok", 200, null, result, outputTokens, cost);
            } catch (IOException clientGone) {
                complete("client_cancelled", 499, "client_cancelled", result, outputTokens, cost);
            }
        }

        private void fail(UpstreamException last) {
            ApiException error = last == null
                    ? new ApiException(503, "server_error", "no_provider_available",
                    "No configured provider can serve this request right now.")
                    : new ApiException(last.kind().gatewayStatus(), last.kind().fault() == FailureKind.Fault.CALLER
                    ? "invalid_request_error" : "upstream_error", last.kind().code(), last.getMessage(), null,
                    last.retryAfter() == null ? Map.of() : Map.of("Retry-After", Long.toString(last.retryAfter().toSeconds())),
                    Map.of());
            String code = error.code();
            if (sse != null && sse.started()) {
                try {
                    var body = Json.mapper().createObjectNode();
                    body.putObject("error").put("message", error.getMessage()).put("type", error.type()).put("code", code);
                    sse.send(body);
                } catch (IOException ignored) {
                    // the client is gone as well; the completion below records the failure
                }
                complete("upstream_error", 200, code, null);
                return;
            }
            complete(last == null ? "gateway_error" : "upstream_error", error.status(), code, null);
            throw error;
        }

        private void complete(String status, int httpStatus, String errorCode, ChatResult result) {
            int outputTokens = result == null ? 0 : metering.countText(result.outputText());
            Usd cost = outputTokens == 0 && result == null ? Usd.ZERO
                    : metering.cost(r.servedBy().model(), r.inputTokens(), outputTokens);
            complete(status, httpStatus, errorCode, result, outputTokens, cost);
        }

        private void complete(String status, int httpStatus, String errorCode, ChatResult result, int outputTokens, Usd cost) {
            events.publish(Topics.COMPLETIONS, r.key().keyId(), Completions.completed(r, clock.instant(), status,
                    httpStatus, errorCode, result, outputTokens, cost.nanos(), metering.rateCardVersion(), attempts));
        }

        private RequestCompleted.Attempt attempt(Route.Target t, String outcome, Integer status, long startNanos) {
            return new RequestCompleted.Attempt(t.provider().wireName(), t.model(), outcome, status,
                    (System.nanoTime() - startNanos) / 1_000_000);
        }
    }
}
