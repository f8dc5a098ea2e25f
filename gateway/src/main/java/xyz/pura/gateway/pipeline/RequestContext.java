package xyz.pura.gateway.pipeline;

import xyz.pura.events.Endpoint;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.router.RoutingDecision;
import xyz.pura.gateway.keys.ApiKey;

/** Everything known about one request while it is served. Mutable only in servedBy and firstByteNanos. */
public final class RequestContext {
    private final String requestId;
    private final ApiKey key;
    private final ChatRequest chat;
    private final RoutingDecision route;
    private final boolean byok;
    private final int inputTokens;
    private final long reservationNanoUsd;
    private final long startNanos;
    private final Endpoint endpoint;
    private RoutingDecision.Target servedBy;
    private long firstByteNanos;

    public RequestContext(String requestId, ApiKey key, ChatRequest chat, RoutingDecision route, boolean byok, int inputTokens,
                          long reservationNanoUsd, long startNanos) {
        this(requestId, key, chat, route, byok, inputTokens, reservationNanoUsd, startNanos, Endpoint.CHAT_COMPLETIONS);
    }

    public RequestContext(String requestId, ApiKey key, ChatRequest chat, RoutingDecision route, boolean byok, int inputTokens,
                          long reservationNanoUsd, long startNanos, Endpoint endpoint) {
        this.requestId = requestId;
        this.key = key;
        this.chat = chat;
        this.route = route;
        this.byok = byok;
        this.inputTokens = inputTokens;
        this.reservationNanoUsd = reservationNanoUsd;
        this.startNanos = startNanos;
        this.endpoint = endpoint;
        this.servedBy = new RoutingDecision.Target(route.provider(), route.model());
    }

    public String requestId() {
        return requestId;
    }

    public ApiKey key() {
        return key;
    }

    public ChatRequest chat() {
        return chat;
    }

    public RoutingDecision route() {
        return route;
    }

    public boolean byok() {
        return byok;
    }

    public int inputTokens() {
        return inputTokens;
    }

    public long reservationNanoUsd() {
        return reservationNanoUsd;
    }

    public long startNanos() {
        return startNanos;
    }

    /** The front door the request came in through. */
    public Endpoint endpoint() {
        return endpoint;
    }

    public RoutingDecision.Target servedBy() {
        return servedBy;
    }

    public void servedBy(RoutingDecision.Target target) {
        this.servedBy = target;
    }

    public long firstByteNanos() {
        return firstByteNanos;
    }

    public void firstByteNanos(long nanos) {
        if (firstByteNanos == 0) {
            firstByteNanos = nanos;
        }
    }
}
