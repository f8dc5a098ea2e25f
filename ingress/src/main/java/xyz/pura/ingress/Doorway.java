package xyz.pura.ingress;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;
import xyz.pura.gateway.Observer;
import xyz.pura.gateway.admission.RateLimiter;
import xyz.pura.gateway.keys.ApiKey;
import xyz.pura.ingress.internal.RequestBody;
import xyz.pura.journal.EventPublisher;

/**
 * The gates every door to the chat pipeline shares, in the order that keeps them cheap: the key, its rate, the
 * billing log's backlog, the in-flight limit, then the body. Authenticates and reads the body before taking an
 * in-flight permit, so a client that sends its body slowly (or never) holds no permit: 2,000 slow sockets with one
 * free key once locked everyone out with 503. The body must arrive within PURA_BODY_READ_TIMEOUT_SECONDS and at
 * PURA_MIN_REQUEST_BYTES_PER_SECOND, or it is answered 408 ({@link RequestBody}). Past the in-flight limit a
 * request is shed at once: under overload every waiting request holds memory (its body, its thread's stack, its
 * upstream buffers), and an unbounded queue of them ends in an OutOfMemoryError; a quick 503 with Retry-After lets
 * the client (the OpenAI SDKs do) retry. A gateway already at its limit sheds before reading the body too.
 */
public final class Doorway {
    /** The gates' limits (PURA_MAX_UNACKED_EVENTS, PURA_MAX_IN_FLIGHT, PURA_BODY_READ_TIMEOUT_SECONDS, PURA_MIN_REQUEST_BYTES_PER_SECOND). */
    public record Limits(long maxUnackedEvents, int maxInFlight, Duration bodyReadTimeout, long minRequestBytesPerSecond) {
    }

    /** A request through the gates: its key and body, holding an in-flight permit until closed. */
    public record Entry(ApiKey key, byte[] body, long startNanos, Semaphore permit) implements AutoCloseable {
        @Override
        public void close() {
            permit.release();
        }
    }

    private final Authenticator auth;
    private final RateLimiter rateLimit;
    private final EventPublisher events;
    private final Observer observer;
    private final Limits limits;
    private final Semaphore inFlight;
    private volatile boolean draining;

    public Doorway(Authenticator auth, RateLimiter rateLimit, EventPublisher events, Observer observer, Limits limits) {
        this.auth = auth;
        this.rateLimit = rateLimit;
        this.events = events;
        this.observer = observer;
        this.limits = limits;
        this.inFlight = new Semaphore(limits.maxInFlight());
    }

    /** Passes the gates or throws the refusal of the first that says no. */
    public Entry enter(Context ctx) {
        return enter(ctx, false);
    }

    /**
     * Passes the gates or throws the refusal of the first that says no.
     *
     * @param apiKeyHeader whether the key may come in {@code x-api-key} too (Anthropic's door)
     */
    public Entry enter(Context ctx, boolean apiKeyHeader) {
        long start = System.nanoTime();
        if (draining) {
            ctx.header("Connection", "close");
            throw new Refused(new Refusal.Unavailable("shutting_down", "This gateway instance is shutting down; retry, "
                    + "and another instance (or this one, restarted) serves the request.", Refusal.retryAfter(1)));
        }
        ApiKey key = apiKeyHeader ? auth.authenticateApiKeyOrBearer(ctx) : auth.authenticate(ctx);
        rateLimit.acquire(key.keyId());
        if (events.backlog() >= limits.maxUnackedEvents()) {
            throw new Refused(new Refusal.Unavailable("billing_unavailable", "The billing log (Kafka) is unreachable and "
                    + "the gateway's buffer of unbilled events is full; no request is served unbilled. Retry shortly.",
                    Refusal.retryAfter(5)));
        }
        if (inFlight.availablePermits() == 0) {
            throw overloaded();
        }
        byte[] body = RequestBody.read(ctx, start, limits.bodyReadTimeout(), limits.minRequestBytesPerSecond());
        if (!inFlight.tryAcquire()) {
            throw overloaded();
        }
        return new Entry(key, body, start, inFlight);
    }

    /**
     * Stops taking requests (new ones get 503 {@code shutting_down}) and waits, up to {@code timeout}, for those in
     * flight to finish: a request whose answer was billed is then also delivered before the server stops, rather than
     * cut off with its cost booked.
     *
     * @return whether every request in flight finished in time
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        draining = true;
        int max = limits.maxInFlight();
        if (inFlight.tryAcquire(max, timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            inFlight.release(max);
            return true;
        }
        return false;
    }

    private Refused overloaded() {
        observer.onRejected("overloaded");
        return new Refused(new Refusal.Unavailable("overloaded", "The gateway is serving its limit of " + limits.maxInFlight()
                + " requests at once (PURA_MAX_IN_FLIGHT). Retry shortly.", Refusal.retryAfter(1)));
    }
}
