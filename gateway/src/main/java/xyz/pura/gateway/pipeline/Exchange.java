package xyz.pura.gateway.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.events.AttemptOutcome;
import xyz.pura.events.CompletionStatus;
import xyz.pura.events.Json;
import xyz.pura.events.ProviderId;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.Topics;
import xyz.pura.events.Usd;
import xyz.pura.events.chat.InvalidRequestException;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;
import xyz.pura.events.pricing.TokenUsage;
import xyz.pura.gateway.Metering;
import xyz.pura.gateway.admission.Budgets;
import xyz.pura.gateway.health.CircuitBreaker;
import xyz.pura.gateway.health.ProviderHealth;
import xyz.pura.journal.EventPublisher;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.Provider;
import xyz.pura.providers.Providers;
import xyz.pura.providers.StreamAbortedException;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.UpstreamRequest;
import xyz.pura.router.RoutingDecision;

/**
 * One admitted request's calls to upstreams: the chosen provider, retried once, then the tier's
 * fallbacks, as long as nothing has reached the client; and its one completion event, however it ends.
 *
 * <p><b>BYOK and the shared circuit.</b> A provider's {@link CircuitBreaker} is shared by every request, and
 * measures the provider as the gateway's own keys see it. A request with the caller's own key
 * ({@code X-Provider-Key}) neither feeds it failures nor is refused by it: its failures may be its key's alone
 * (a 429 on the caller's quota, a key that is not valid), so they are neutral, and an open circuit may be our
 * key's trouble (our quota spent), which says nothing about the caller's key, so a BYOK attempt goes to the
 * provider whatever the circuit's state and never takes the half-open probe slot. Its success still counts
 * (the provider answered), and closes the circuit. ({@code Routing} likewise offers BYOK every provider.)
 *
 * <p><b>Timeouts.</b> A non-streamed attempt that times out is not retried on the same target (see
 * {@link Plans#mayRetrySameTarget}). An attempt that timed out without an HTTP answer was abandoned at our
 * deadline while the provider may have been working on it, and providers bill what they processed: each such
 * attempt adds the price of the request's input on that attempt's model (no output) to the request's cost,
 * whether it then fails or a later fallback succeeds (the answer's cost plus those inputs, which is what
 * {@code X-Pura-Cost} and the {@code pura} object show). A connect timeout cannot be told from a read timeout
 * here (both are {@link FailureKind#TIMEOUT} without a status), so every such timeout counts as sent. A provider
 * that answered 408 or 504 answered an error, which is not billed. A stream whose relay had started is billed
 * from what it relayed instead, its input included.
 */
final class Exchange {
    /**
     * What an exchange uses.
     *
     * @param completed told of every completion once it is published (metrics, the status window)
     */
    record Services(Providers providers, ProviderHealth health, Metering metering, Budgets budgets,
                    EventPublisher events, java.time.Clock clock,
                    java.util.function.Consumer<RequestCompleted> completed) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    private final RequestContext r;
    /** The answer's headers ({@code X-Pura-*}), filled in as the exchange goes; a stream sends them with its first chunk. */
    private final Map<String, String> headers;
    private final String byokKey;
    private final Budgets.Reservation hold;
    private final Services deps;
    private final List<RequestCompleted.Attempt> attempts = new ArrayList<>();
    private final StreamRelay relay;
    /** What the answer's cost priced: the provider's reported usage, or the gateway's own count. */
    private String usageSource = RequestCompleted.USAGE_ESTIMATE;
    /** The cost's lines so far: each timed-out attempt's input, then the answer's. */
    private final List<RequestCompleted.Charge> charges = new ArrayList<>();

    /**
     * @param headers the answer's headers so far (the admission's); the exchange adds its own
     * @param stream  where a streamed answer goes, or null for a JSON answer
     */
    Exchange(RequestContext r, String byokKey, Budgets.Reservation hold, Services deps, Map<String, String> headers,
             ChatStream stream) {
        this.r = r;
        this.byokKey = byokKey;
        this.hold = hold;
        this.deps = deps;
        this.headers = headers;
        this.relay = stream != null ? new StreamRelay(stream, r, Collections.unmodifiableMap(headers)) : null;
    }

    /** Calls the upstreams until one answers or none is left, publishes the completion, and says how it ended. */
    Outcome run() {
        UpstreamException last = null;
        InvalidRequestException untranslatable = null;
        boolean shared = byokKey == null;
        Set<RoutingDecision.Target> done = new HashSet<>();
        Set<ProviderId> cannotServe = EnumSet.noneOf(ProviderId.class);
        RoutingDecision.Target previous = null;
        Duration wait = Duration.ZERO;
        for (RoutingDecision.Target target : Plans.of(r.route(), !shared)) {
            Provider provider = deps.providers().get(target.provider());
            if (provider == null || (!provider.configured() && shared) || done.contains(target)
                    || cannotServe.contains(target.provider())) {
                continue;
            }
            if (target.equals(previous) && !wait.isZero()) {
                pause(wait); // the provider's Retry-After, short enough to wait for (Plans.MAX_RETRY_WAIT)
            }
            previous = target;
            wait = Duration.ZERO;
            CircuitBreaker breaker = deps.health().breaker(target.provider());
            if (shared && !breaker.tryAcquire()) {
                attempts.add(new RequestCompleted.Attempt(target.provider().wireName(), target.model(), AttemptOutcome.CIRCUIT_OPEN, null, 0));
                continue;
            }
            r.servedBy(target);
            headers.put("X-Pura-Provider", target.provider().wireName());
            headers.put("X-Pura-Model", target.model());
            long attemptStart = System.nanoTime();
            UpstreamRequest up = new UpstreamRequest(r.chat(), target.model(), byokKey, r.requestId());
            try {
                ChatResult result;
                if (relay == null) {
                    result = provider.chat(up);
                } else {
                    headers.put("X-Pura-Cost", abandoned().plus(deps.metering().cost(target.model(), r.inputTokens(), 0)).toString());
                    headers.put("X-Pura-Budget-Remaining", deps.budgets().remaining(r.key()).toString());
                    result = provider.stream(up, relay);
                }
                attempts.add(attempt(target, AttemptOutcome.OK, 200, attemptStart));
                breaker.onSuccess();
                return succeed(result);
            } catch (StreamAbortedException e) {
                attempts.add(attempt(target, AttemptOutcome.CLIENT_CANCELLED, null, attemptStart));
                if (shared) {
                    breaker.onNeutral();
                }
                // billed for what was written to the client, not what the provider emitted
                return new Outcome.Streamed(Map.copyOf(headers), complete(CompletionStatus.CLIENT_CANCELLED, 499,
                        "client_cancelled", relay != null ? relay.partial() : e.partial()));
            } catch (UpstreamException e) {
                attempts.add(attempt(target, AttemptOutcome.valueOf(e.kind().name()), e.httpStatus(), attemptStart));
                // a BYOK attempt's failure is neutral, without onNeutral(): it took no probe slot to give back
                if (shared && e.kind().fault() == FailureKind.Fault.PROVIDER) {
                    breaker.onFailure();
                } else if (shared) {
                    breaker.onNeutral();
                }
                boolean relayed = relay != null && relay.started();
                if (e.kind() == FailureKind.TIMEOUT && e.httpStatus() == null && !relayed) {
                    Usd input = deps.metering().cost(target.model(), r.inputTokens(), 0);
                    charges.add(RequestCompleted.Charge.of(RequestCompleted.Charge.TIMED_OUT_ATTEMPT, target.model(),
                            TokenUsage.of(r.inputTokens(), 0), input.nanos()));
                }
                last = e;
                LOG.info("{} {} attempt failed: {}", r.requestId(), target.provider().wireName(), e.getMessage());
                if (!e.kind().retryable() || relayed) {
                    break;
                }
                if (!Plans.mayRetrySameTarget(e.kind(), relay != null, e.retryAfter())) {
                    done.add(target);
                } else if (e.retryAfter() != null) {
                    wait = e.retryAfter();
                }
            } catch (InvalidRequestException e) {
                if (shared) {
                    breaker.onNeutral();
                }
                // this provider cannot take the request as it is (n > 1, a part it does not accept): another may
                attempts.add(attempt(target, AttemptOutcome.REJECTED, null, attemptStart));
                if (relay != null && relay.started()) {
                    RequestCompleted completion = complete(CompletionStatus.REJECTED, 400, "invalid_request", relay.partial());
                    relay.error(e.refusal());
                    return new Outcome.Streamed(Map.copyOf(headers), completion);
                }
                untranslatable = e;
                cannotServe.add(target.provider());
                LOG.info("{} {} cannot serve this request: {}", r.requestId(), target.provider().wireName(), e.getMessage());
            } catch (RuntimeException e) {
                if (shared) {
                    breaker.onNeutral();
                }
                attempts.add(attempt(target, AttemptOutcome.GATEWAY_ERROR, null, attemptStart));
                RequestCompleted completion = complete(CompletionStatus.GATEWAY_ERROR, 500, "internal_error", null);
                if (!(e instanceof Refused refused)) {
                    throw e; // a bug: logged and answered 500 by the door
                }
                if (relay != null && relay.started()) {
                    relay.error(refused.refusal());
                    return new Outcome.Streamed(Map.copyOf(headers), completion);
                }
                return new Outcome.Refused(Map.copyOf(headers), refused.refusal(), completion);
            }
        }
        if (last == null && untranslatable != null) {
            // no provider of the plan could take it: the caller's request is at fault, never billed
            return new Outcome.Refused(Map.copyOf(headers), untranslatable.refusal(),
                    complete(CompletionStatus.REJECTED, 400, "invalid_request", null));
        }
        return fail(last);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A successful answer: its completion is published (written to the spool, then handed to Kafka) before
     * the client receives the last bytes (the body, or the stream's final chunk), so an answer a client
     * received in full is never unbilled, even if the gateway dies right after.
     */
    private Outcome succeed(ChatResult result) {
        int outputTokens = outputTokens(result);
        Usd cost = abandoned().plus(priced(result, outputTokens, true));
        Usd remainingAfter = Usd.ofNanos(Math.max(0, deps.budgets().remaining(r.key()).nanos() - cost.nanos()));
        PuraInfo info = PuraInfo.of(r, cost, outputTokens, deps.metering().rateCardVersion(), remainingAfter, usageSource);
        if (relay == null) {
            ObjectNode body = result.completion();
            body.set("pura", Json.mapper().valueToTree(info));
            headers.put("X-Pura-Cost", cost.toString());
            headers.put("X-Pura-Budget-Remaining", remainingAfter.toString());
            RequestCompleted done = complete(CompletionStatus.OK, 200, null, result, outputTokens, cost);
            return new Outcome.Answered(Map.copyOf(headers), body, done, result.upstreamMessage());
        }
        RequestCompleted done = complete(CompletionStatus.OK, 200, null, result, outputTokens, cost);
        try {
            relay.finish(result, info, outputTokens);
        } catch (IOException clientGone) {
            // billed as ok: the client had every token; only the closing usage chunk did not reach it
            LOG.debug("{}: client left before the final chunk", r.requestId());
        }
        return new Outcome.Streamed(Map.copyOf(headers), done);
    }

    private Outcome fail(UpstreamException last) {
        Refusal error = last == null
                ? new Refusal.Unavailable("no_provider_available",
                "No provider could take this request (all candidates unconfigured or their circuits open).")
                : new Refusal.Upstream(last.kind().gatewayStatus(), last.kind().fault() == FailureKind.Fault.CALLER,
                last.kind().code(), last.getMessage(), Refusal.retryAfter(last.retryAfter()));
        CompletionStatus status = last == null ? CompletionStatus.GATEWAY_ERROR : CompletionStatus.UPSTREAM_ERROR;
        if (relay != null && relay.started()) {
            relay.error(error);
            return new Outcome.Streamed(Map.copyOf(headers), complete(status, 200, error.code(), relay.partial()));
        }
        if (abandoned().nanos() > 0) {
            headers.put("X-Pura-Cost", abandoned().toString()); // what the completion below records: the timed-out inputs
        }
        int httpStatus = last == null ? 503 : last.kind().gatewayStatus();
        return new Outcome.Refused(Map.copyOf(headers), error, complete(status, httpStatus, error.code(), null));
    }

    /**
     * The answer's output tokens: the provider's count when its report is whole enough to price (the answer is then
     * priced from it), else the gateway's own count of the text. Counting a text the provider already counted cost
     * 3.6 % of the whole process's CPU at saturation (jtokkit's o200k pre-tokenizer is a regex), for a figure nothing
     * priced. Only a complete answer is priced from the provider's report (see {@link #priced}), so only here.
     */
    private int outputTokens(ChatResult result) {
        if (Completions.tokens(result.usage()) != null && result.usage().outputTokens() != null) {
            return Math.max(0, result.usage().outputTokens());
        }
        return deps.metering().countText(result.outputText());
    }

    private RequestCompleted complete(CompletionStatus status, int httpStatus, String errorCode, ChatResult result) {
        int outputTokens = result == null ? 0 : deps.metering().countText(result.outputText());
        Usd cost = abandoned().plus(result == null ? Usd.ZERO : priced(result, outputTokens, false));
        return complete(status, httpStatus, errorCode, result, outputTokens, cost);
    }

    private RequestCompleted complete(CompletionStatus status, int httpStatus, String errorCode, ChatResult result, int outputTokens,
                          Usd cost) {
        RequestCompleted event = Completions.completed(r, deps.clock().instant(), status.wireName(), httpStatus, errorCode, result,
                outputTokens, cost.nanos(), deps.metering().rateCardVersion(), attempts, usageSource, charges);
        hold.settle(event);
        deps.events().publish(Topics.COMPLETIONS, r.key().keyId(), event);
        deps.completed().accept(event);
        return event;
    }

    /**
     * The price of an answer on the model that served it: the provider's reported usage by component (cache reads and
     * writes, reasoning) for a complete answer whose report is whole, else the gateway's own count (a stream cut short,
     * a cancel, a failure, an upstream that sends no usage). Records which one in {@link #usageSource}.
     */
    private Usd priced(ChatResult result, int outputTokens, boolean complete) {
        TokenUsage reported = complete ? Completions.tokens(result.usage()) : null;
        usageSource = reported != null ? RequestCompleted.USAGE_PROVIDER : RequestCompleted.USAGE_ESTIMATE;
        TokenUsage tokens = reported != null ? reported : TokenUsage.of(r.inputTokens(), outputTokens);
        Usd cost = deps.metering().cost(r.servedBy().model(), tokens);
        charges.add(RequestCompleted.Charge.of(RequestCompleted.Charge.ANSWER, r.servedBy().model(), tokens, cost.nanos()));
        return cost;
    }

    /** What the timed-out attempts cost: the sum of their charge lines (each one's input, priced on its model). */
    private Usd abandoned() {
        long nanos = 0;
        for (RequestCompleted.Charge c : charges) {
            if (RequestCompleted.Charge.TIMED_OUT_ATTEMPT.equals(c.kind())) {
                nanos = Math.addExact(nanos, c.costNanoUsd());
            }
        }
        return Usd.ofNanos(nanos);
    }

    private RequestCompleted.Attempt attempt(RoutingDecision.Target t, AttemptOutcome outcome, Integer status, long startNanos) {
        return new RequestCompleted.Attempt(t.provider().wireName(), t.model(), outcome, status,
                (System.nanoTime() - startNanos) / 1_000_000);
    }
}
