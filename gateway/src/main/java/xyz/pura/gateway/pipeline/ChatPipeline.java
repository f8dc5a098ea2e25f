package xyz.pura.gateway.pipeline;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import xyz.pura.events.Endpoint;
import xyz.pura.events.RequestIds;
import xyz.pura.events.Topics;
import xyz.pura.events.Usd;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;
import xyz.pura.gateway.Metering;
import xyz.pura.gateway.Observer;
import xyz.pura.gateway.admission.Budgets;
import xyz.pura.gateway.admission.PaymentRequiredException;
import xyz.pura.gateway.health.ProviderHealth;
import xyz.pura.gateway.keys.ApiKey;
import xyz.pura.gateway.routing.Routing;
import xyz.pura.journal.EventPublisher;
import xyz.pura.providers.ProviderKeys;
import xyz.pura.providers.Providers;
import xyz.pura.router.RoutingDecision;

/**
 * The one chat pipeline every front door calls: a validated {@link ChatRequest} and its {@link Caller} in, an
 * {@link Outcome} out. It routes, meters, admits against the key's budget and balance, publishes RequestAccepted,
 * runs the {@link Exchange} with the upstreams (retry, fallback, circuits, cancellation billing) and publishes the
 * completion; it knows nothing of HTTP: headers are data on the outcome, a stream goes to the door's
 * {@link ChatStream}, and every refusal is a {@link Refusal} the door renders in its own protocol.
 *
 * <p>What happens before (authentication, rate limit, the load gates, reading and parsing the body) belongs to the
 * door, since each protocol says it differently.
 */
public final class ChatPipeline {
    /**
     * What the pipeline uses; shared by every request.
     *
     * @param funding how to offer a key without money a way to pay (the {@code funding} member of a 402)
     */
    public record Services(Routing routing, Providers providers, ProviderHealth health, Metering metering, Budgets budgets,
                           Funding funding, EventPublisher events, Clock clock, Observer observer) {
    }

    /** The extra members of a payment-required refusal for a key: the invoice to pay, with links under {@code baseUrl}. */
    @FunctionalInterface
    public interface Funding {
        Map<String, Object> offer(String keyId, String baseUrl);
    }

    /**
     * Who asks.
     *
     * @param key     the authenticated Pura key
     * @param byokKey the caller's own provider key ({@code X-Provider-Key}), or null
     * @param baseUrl where the gateway is reached from the caller's side (for links in a funding offer)
     */
    public record Caller(ApiKey key, String byokKey, String baseUrl) {
        public boolean byok() {
            return byokKey != null && !byokKey.isBlank();
        }

        @Override
        public String toString() {
            return "Caller[key=" + key.keyId() + ", byok=" + byok() + "]";
        }
    }

    private final Services s;
    private final Exchange.Services exchange;

    public ChatPipeline(Services services) {
        this.s = services;
        this.exchange = new Exchange.Services(services.providers(), services.health(), services.metering(),
                services.budgets(), services.events(), services.clock(), services.observer()::onCompleted);
    }

    /**
     * Serves one request.
     *
     * @param startNanos System.nanoTime() when the door began reading the request (its latency counts from there)
     * @param stream     where the answer goes if {@code chat.stream()}; null otherwise
     */
    public Outcome serve(Caller caller, ChatRequest chat, long startNanos, ChatStream stream) {
        return serve(caller, Endpoint.CHAT_COMPLETIONS, chat, startNanos, stream);
    }

    /**
     * Serves one request that came in through {@code endpoint} (recorded on its completion and debit).
     *
     * @param startNanos System.nanoTime() when the door began reading the request (its latency counts from there)
     * @param stream     where the answer goes if {@code chat.stream()}; null otherwise
     */
    public Outcome serve(Caller caller, Endpoint endpoint, ChatRequest chat, long startNanos, ChatStream stream) {
        if (chat.stream() != (stream != null)) {
            throw new IllegalArgumentException("a streamed request needs a stream, and only it");
        }
        boolean byok = caller.byok();
        if (byok && !ProviderKeys.wellFormed(caller.byokKey())) {
            return refused(new Refusal.Invalid("invalid_provider_key", ProviderKeys.refusal()));
        }
        RoutingDecision route;
        try {
            route = s.routing().decide(chat, byok);
        } catch (Refused e) {
            return refused(e.refusal());
        }
        ApiKey key = caller.key();
        int inputTokens = s.metering().countRequest(chat);
        // an honest estimate: the input plus the request's max_tokens, else what this model's answers need lately
        Usd reservation = s.metering().cost(route.model(), inputTokens,
                s.budgets().outputs().tokens(route.model(), chat.maxTokens()));
        Budgets.Reservation hold;
        try {
            hold = s.budgets().admit(key, reservation.nanos());
        } catch (Refused refused) {
            s.observer().onRejected(refused.code());
            return refused(refused.refusal());
        } catch (PaymentRequiredException unpaid) {
            s.observer().onRejected(unpaid.code());
            return refused(paymentRequired(caller, unpaid));
        }
        try {
            String requestId = RequestIds.next(s.clock().millis());
            RequestContext r = new RequestContext(requestId, key, chat, route, byok, inputTokens, reservation.nanos(),
                    startNanos, endpoint);
            s.events().publish(Topics.REQUESTS, key.keyId(), Completions.accepted(r, s.clock().instant()));
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Pura-Request-Id", requestId);
            long reserved = s.budgets().reservedNanoUsd(key.keyId());
            headers.put("X-Pura-Budget-Reserved", Usd.ofNanos(reserved).toString());
            long room = s.budgets().remaining(key).nanos() - (reserved - reservation.nanos());
            if (reservation.nanos() > room) {
                // admitted as the day's last request (nothing else in flight): said before it is spent, not after
                headers.put("X-Pura-Budget-Overshoot", Usd.ofNanos(reservation.nanos() - Math.max(0, room)).toString());
            }
            headers.put("X-Pura-Tier", route.tier().wireName());
            headers.put("X-Pura-Explored", Boolean.toString(route.explored()));
            if (route.qualityBias() != null) {
                headers.put("X-Pura-Quality", route.qualityBias());
            }
            if (route.prefer() != null) {
                headers.put("X-Pura-Prefer", route.prefer());
            }
            return new Exchange(r, byok ? caller.byokKey() : null, hold, exchange, headers, stream).run();
        } finally {
            hold.release();
        }
    }

    private static Outcome refused(Refusal refusal) {
        return new Outcome.Refused(Map.of(), refusal, null);
    }

    private Refusal paymentRequired(Caller caller, PaymentRequiredException unpaid) {
        return Funding402.of(s.funding(), caller, unpaid);
    }
}
