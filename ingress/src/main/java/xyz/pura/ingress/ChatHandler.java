package xyz.pura.ingress;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import xyz.pura.events.RequestIds;
import xyz.pura.events.Topics;
import xyz.pura.events.Usd;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.ChatRequestParser;
import java.util.Map;
import xyz.pura.ingress.admission.Budgets;
import xyz.pura.ingress.admission.PaymentRequiredException;
import xyz.pura.ingress.admission.RateLimiter;
import xyz.pura.ingress.wallet.WalletHandler;
import xyz.pura.ingress.wallet.WalletService;
import xyz.pura.ingress.health.ProviderHealth;
import xyz.pura.ingress.internal.Completions;
import xyz.pura.ingress.internal.Exchange;
import xyz.pura.ingress.internal.RequestBody;
import xyz.pura.ingress.internal.RequestContext;
import xyz.pura.ingress.internal.SseResponse;
import xyz.pura.ingress.kafka.EventPublisher;
import xyz.pura.ingress.keys.ApiKey;
import xyz.pura.ingress.routing.Routing;
import xyz.pura.providers.ProviderKeys;
import xyz.pura.providers.Providers;
import xyz.pura.router.RoutingDecision;

/**
 * {@code POST /v1/chat/completions} (JSON unless {@code "stream": true}) and {@code POST /api/chat}
 * (SSE unless {@code "stream": false}): authenticate, validate, route, admit against the daily budget,
 * then hand the request to an {@link Exchange}, which calls the providers and publishes the completion.
 * RequestAccepted goes to Kafka without waiting for it.
 */
public final class ChatHandler {
    /** What a request needs besides its HTTP exchange; shared by every request. */
    public record Deps(Authenticator auth, Routing routing, Providers providers, ProviderHealth health, Metering metering,
                       Budgets budgets, WalletService wallet, RateLimiter rateLimit, EventPublisher events,
                       long maxUnackedEvents, int maxInFlight, Clock clock, Observer observer,
                       Duration bodyReadTimeout, long minRequestBytesPerSecond, Duration streamWriteTimeout) {
    }

    private final Deps deps;
    /** Chat requests being served; past {@link Deps#maxInFlight()} a request is shed at once (503 overloaded). */
    private final java.util.concurrent.Semaphore inFlight;

    private final Exchange.Services exchange;

    public ChatHandler(Deps deps) {
        this.deps = deps;
        this.exchange = new Exchange.Services(deps.providers(), deps.health(), deps.metering(), deps.budgets(),
                deps.events(), deps.clock(), deps.observer()::onCompleted);
        this.inFlight = new java.util.concurrent.Semaphore(deps.maxInFlight());
    }

    public void openAi(Context ctx) {
        handle(ctx, false);
    }

    public void pura(Context ctx) {
        handle(ctx, true);
    }

    /** 402 with a funding invoice: the key's pending one if it has one, else a new one. */
    private ApiException paymentRequired(Context ctx, ApiKey key, PaymentRequiredException unpaid) {
        boolean neverFunded = unpaid.code().equals("free_tier_exceeded");
        String message = unpaid.gatewayCeiling()
                ? "The gateway's free tier for today (PURA_FREE_TIER_DAILY_USD) is used up; funded keys are served as usual. "
                + "Pay the Lightning invoice in 'funding' to continue, or retry after 00:00 UTC."
                : neverFunded
                ? "The free requests of this key are used up. Pay the Lightning invoice in 'funding' to continue."
                : "The sats balance of this key does not cover this request. Pay the Lightning invoice in 'funding' to top it up.";
        var invoice = deps.wallet().fundingFor(key.keyId());
        return new ApiException(402, "payment_required", unpaid.code(), message, null, Map.of(),
                Map.of("funding", WalletService.funding(invoice, WalletHandler.baseUrl(ctx))));
    }

    /**
     * Authenticates and reads the body before taking an in-flight permit, so a client that sends its body slowly
     * (or never) holds no permit: 2,000 slow sockets with one free key once locked everyone out with 503. The body
     * must arrive within PURA_BODY_READ_TIMEOUT_SECONDS and at PURA_MIN_REQUEST_BYTES_PER_SECOND, or it is answered
     * 408 ({@link RequestBody}). Past the in-flight limit a request is shed at once: under overload every waiting
     * request holds memory (its body, its thread's stack, its upstream buffers), and an unbounded queue of them ends
     * in an OutOfMemoryError; a quick 503 with Retry-After lets the client (the OpenAI SDKs do) retry. A gateway
     * already at its limit sheds before reading the body too.
     */
    private void handle(Context ctx, boolean defaultStream) {
        long start = System.nanoTime();
        ApiKey key = deps.auth().authenticate(ctx);
        deps.rateLimit().acquire(key.keyId());
        if (deps.events().backlog() >= deps.maxUnackedEvents()) {
            throw new ApiException(503, "server_error", "billing_unavailable", "The billing log (Kafka) is unreachable and "
                    + "the gateway's buffer of unbilled events is full; no request is served unbilled. Retry shortly.",
                    null, Map.of("Retry-After", "5"), Map.of());
        }
        if (inFlight.availablePermits() == 0) {
            throw overloaded();
        }
        byte[] body = RequestBody.read(ctx, start, deps.bodyReadTimeout(), deps.minRequestBytesPerSecond());
        if (!inFlight.tryAcquire()) {
            throw overloaded();
        }
        try {
            admitted(ctx, defaultStream, start, key, body);
        } finally {
            inFlight.release();
        }
    }

    private ApiException overloaded() {
        deps.observer().onRejected("overloaded");
        return new ApiException(503, "server_error", "overloaded", "The gateway is serving its limit of "
                + deps.maxInFlight() + " requests at once (PURA_MAX_IN_FLIGHT). Retry shortly.", null,
                Map.of("Retry-After", "1"), Map.of());
    }

    private void admitted(Context ctx, boolean defaultStream, long start, ApiKey key, byte[] body) {
        ChatRequest chat = ChatRequestParser.parse(body, defaultStream);
        String byokKey = ctx.header("X-Provider-Key");
        boolean byok = byokKey != null && !byokKey.isBlank();
        if (byok && !ProviderKeys.wellFormed(byokKey)) {
            throw new ApiException(400, "invalid_request_error", "invalid_provider_key", ProviderKeys.refusal());
        }
        RoutingDecision route = deps.routing().decide(chat, byok);
        int inputTokens = deps.metering().countRequest(chat);
        // an honest estimate: the input plus the request's max_tokens, else what this model's answers need lately
        Usd reservation = deps.metering().cost(route.model(), inputTokens,
                deps.budgets().outputs().tokens(route.model(), chat.maxTokens()));
        Budgets.Reservation hold;
        try {
            hold = deps.budgets().admit(key, reservation.nanos());
        } catch (ApiException refused) {
            deps.observer().onRejected(refused.code());
            throw refused;
        } catch (PaymentRequiredException unpaid) {
            deps.observer().onRejected(unpaid.code());
            throw paymentRequired(ctx, key, unpaid);
        }
        try {
            String requestId = RequestIds.next(deps.clock().millis());
            RequestContext r = new RequestContext(requestId, key, chat, route, byok, inputTokens, reservation.nanos(), start);
            deps.events().publish(Topics.REQUESTS, key.keyId(), Completions.accepted(r, deps.clock().instant()));
            ctx.header("X-Pura-Request-Id", requestId);
            long reserved = deps.budgets().reservedNanoUsd(key.keyId());
            ctx.header("X-Pura-Budget-Reserved", Usd.ofNanos(reserved).toString());
            long room = deps.budgets().remaining(key).nanos() - (reserved - reservation.nanos());
            if (reservation.nanos() > room) {
                // admitted as the day's last request (nothing else in flight): said before it is spent, not after
                ctx.header("X-Pura-Budget-Overshoot", Usd.ofNanos(reservation.nanos() - Math.max(0, room)).toString());
            }
            ctx.header("X-Pura-Tier", route.tier().wireName());
            ctx.header("X-Pura-Explored", Boolean.toString(route.explored()));
            if (route.qualityBias() != null) {
                ctx.header("X-Pura-Quality", route.qualityBias());
            }
            SseResponse.writeTimeout(ctx, deps.streamWriteTimeout());
            new Exchange(ctx, r, byok ? byokKey : null, hold, exchange).run();
        } finally {
            hold.release();
        }
    }
}
