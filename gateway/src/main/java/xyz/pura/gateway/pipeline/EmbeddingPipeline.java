package xyz.pura.gateway.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.events.AttemptOutcome;
import xyz.pura.events.CompletionStatus;
import xyz.pura.events.Endpoint;
import xyz.pura.events.ProviderId;
import xyz.pura.events.RequestAccepted;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.RequestIds;
import xyz.pura.events.Tier;
import xyz.pura.events.Topics;
import xyz.pura.events.Usd;
import xyz.pura.events.embeddings.EmbeddingInput;
import xyz.pura.events.embeddings.EmbeddingModel;
import xyz.pura.events.embeddings.EmbeddingModels;
import xyz.pura.events.embeddings.EmbeddingRequest;
import xyz.pura.events.pricing.TokenUsage;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;
import xyz.pura.gateway.Metering;
import xyz.pura.gateway.Observer;
import xyz.pura.gateway.admission.Budgets;
import xyz.pura.gateway.admission.PaymentRequiredException;
import xyz.pura.gateway.health.CircuitBreaker;
import xyz.pura.gateway.health.ProviderHealth;
import xyz.pura.journal.EventPublisher;
import xyz.pura.providers.EmbeddingCall;
import xyz.pura.providers.EmbeddingResult;
import xyz.pura.providers.Embeddings;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.ProviderKeys;
import xyz.pura.providers.Providers;
import xyz.pura.providers.UpstreamException;

/**
 * The embeddings pipeline: a validated {@link EmbeddingRequest} and its {@link ChatPipeline.Caller} in, an
 * {@link EmbeddingOutcome} out. Like {@link ChatPipeline} it knows nothing of HTTP and authenticates nothing: it
 * resolves the model, meters the input, admits against the key's budget and balance ({@link Budgets#admit}, the same
 * refusals and 402 funding offer as chat), publishes RequestAccepted, calls the provider and publishes the
 * completion (endpoint {@code /v1/embeddings}), so the ledger, {@code /api/report} and replay book it as any other.
 *
 * <p><b>Model.</b> One of {@link EmbeddingModels}; {@code "auto"} is {@value EmbeddingModels#DEFAULT_OPENAI} when
 * OpenAI is configured (or the caller brings a key), else {@value EmbeddingModels#DEFAULT_GEMINI} when Gemini is.
 * There is no routing tier; the events record {@code cheap}, the tier of their schema that fits.
 *
 * <p><b>Price.</b> The input tokens at the model's input price (output costs nothing): the provider's count when it
 * reports one (OpenAI's {@code prompt_tokens}, usage source {@code provider}), else the gateway's own (Gemini reports
 * none: {@code estimate}). A text counts its tokens, a token array its length.
 *
 * <p><b>Retries, never failover.</b> A retryable failure (429, 5xx, a dropped connection) is tried once more on the
 * same model, after the provider's {@code Retry-After} when it is at most {@link Plans#MAX_RETRY_WAIT}; a timeout is
 * not (as chat). There is no other provider or model to fall back to: vectors of different models are not
 * comparable, so an answer from another model would silently corrupt the caller's index. An attempt that timed out
 * without an answer is billed its input, as in chat. Circuits and BYOK are treated as {@link Exchange} treats them.
 */
public final class EmbeddingPipeline {
    /** What the pipeline uses; shared by every request. */
    public record Services(Providers providers, ProviderHealth health, Metering metering, Budgets budgets,
                           ChatPipeline.Funding funding, EventPublisher events, Clock clock, Observer observer) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingPipeline.class);
    private static final int MAX_TRIES = 2;

    private final Services s;

    public EmbeddingPipeline(Services services) {
        this.s = services;
    }

    /** @param startNanos System.nanoTime() when the door began reading the request */
    public EmbeddingOutcome serve(ChatPipeline.Caller caller, EmbeddingRequest request, long startNanos) {
        boolean byok = caller.byok();
        if (byok && !ProviderKeys.wellFormed(caller.byokKey())) {
            return refused(new Refusal.Invalid("invalid_provider_key", ProviderKeys.refusal()));
        }
        EmbeddingModel model;
        Integer dimensions;
        Embeddings provider;
        try {
            model = model(request.model(), byok);
            dimensions = request.dimensions() == null ? null : model.dimensionsFor(request.dimensions());
            if (request.hasTokenArrays() && !model.takesTokenArrays()) {
                return refused(new Refusal.Invalid("unsupported_value", "The model '" + model.id() + "' takes text inputs "
                        + "only: token arrays are OpenAI's tokenizer's.", "input"));
            }
            provider = s.providers().embeddings(model.provider());
            if (provider == null || (!provider.configured() && !byok)) {
                return refused(unavailable(model.provider()));
            }
        } catch (Refused e) {
            return refused(e.refusal());
        }
        int inputTokens = inputTokens(request);
        Usd reservation = s.metering().cost(model.id(), inputTokens, 0);
        Budgets.Reservation hold;
        try {
            hold = s.budgets().admit(caller.key(), reservation.nanos());
        } catch (Refused refused) {
            s.observer().onRejected(refused.code());
            return refused(refused.refusal());
        } catch (PaymentRequiredException unpaid) {
            s.observer().onRejected(unpaid.code());
            return refused(Funding402.of(s.funding(), caller, unpaid));
        }
        try {
            Call call = new Call(caller, request, model, dimensions, provider, inputTokens, reservation.nanos(), startNanos, hold);
            return call.run();
        } finally {
            hold.release();
        }
    }

    private EmbeddingModel model(String asked, boolean byok) {
        if (asked != null) {
            return EmbeddingModels.find(asked).orElseThrow(() -> new Refused(new Refusal.Invalid("model_not_found",
                    "The model '" + asked + "' is not an embedding model this gateway serves. Embedding models: "
                            + EmbeddingModels.names() + ", or \"auto\".", "model")));
        }
        Embeddings openai = s.providers().embeddings(ProviderId.OPENAI);
        Embeddings gemini = s.providers().embeddings(ProviderId.GEMINI);
        String id = byok || (openai != null && openai.configured()) || gemini == null || !gemini.configured()
                ? EmbeddingModels.DEFAULT_OPENAI : EmbeddingModels.DEFAULT_GEMINI;
        return EmbeddingModels.find(id).orElseThrow();
    }

    private static Refusal unavailable(ProviderId provider) {
        return new Refusal.Unavailable("no_provider_available", "The embedding model's provider ("
                + provider.wireName() + ") is not configured on this gateway; send your own key in X-Provider-Key, or "
                + "choose a model of a configured provider.", Map.of());
    }

    private int inputTokens(EmbeddingRequest request) {
        int n = 0;
        for (EmbeddingInput input : request.inputs()) {
            n = Math.addExact(n, input.isText() ? s.metering().countText(input.text()) : input.tokens().length);
        }
        return n;
    }

    private static EmbeddingOutcome refused(Refusal refusal) {
        return new EmbeddingOutcome.Refused(Map.of(), refusal, null);
    }

    /** One admitted request: its attempts and its one completion. */
    private final class Call {
        private final ChatPipeline.Caller caller;
        private final EmbeddingRequest request;
        private final EmbeddingModel model;
        private final Integer dimensions;
        private final Embeddings provider;
        private final int inputTokens;
        private final long reservationNanos;
        private final long startNanos;
        private final Budgets.Reservation hold;
        private final String requestId;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final List<RequestCompleted.Attempt> attempts = new ArrayList<>();
        private final List<RequestCompleted.Charge> charges = new ArrayList<>();

        Call(ChatPipeline.Caller caller, EmbeddingRequest request, EmbeddingModel model, Integer dimensions,
             Embeddings provider, int inputTokens, long reservationNanos, long startNanos, Budgets.Reservation hold) {
            this.caller = caller;
            this.request = request;
            this.model = model;
            this.dimensions = dimensions;
            this.provider = provider;
            this.inputTokens = inputTokens;
            this.reservationNanos = reservationNanos;
            this.startNanos = startNanos;
            this.hold = hold;
            this.requestId = RequestIds.next(s.clock().millis());
        }

        EmbeddingOutcome run() {
            String keyId = caller.key().keyId();
            s.events().publish(Topics.REQUESTS, keyId, new RequestAccepted(RequestAccepted.SCHEMA_VERSION,
                    RequestAccepted.eventIdFor(requestId), s.clock().instant(), requestId, keyId,
                    model.provider().wireName(), model.id(), Tier.CHEAP.wireName(), false, inputTokens, reservationNanos,
                    request.model() == null ? "auto: the default embedding model" : "embedding model named by the request",
                    false, caller.byok()));
            headers.put("X-Pura-Request-Id", requestId);
            long reserved = s.budgets().reservedNanoUsd(keyId);
            headers.put("X-Pura-Budget-Reserved", Usd.ofNanos(reserved).toString());
            long room = s.budgets().remaining(caller.key()).nanos() - (reserved - reservationNanos);
            if (reservationNanos > room) {
                headers.put("X-Pura-Budget-Overshoot", Usd.ofNanos(reservationNanos - Math.max(0, room)).toString());
            }
            headers.put("X-Pura-Provider", model.provider().wireName());
            headers.put("X-Pura-Model", model.id());

            boolean shared = !caller.byok();
            CircuitBreaker breaker = s.health().breaker(model.provider());
            EmbeddingCall up = new EmbeddingCall(request, model.id(), dimensions, shared ? null : caller.byokKey(), requestId);
            UpstreamException last = null;
            Duration wait = Duration.ZERO;
            for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
                if (!wait.isZero()) {
                    pause(wait);
                }
                if (shared && !breaker.tryAcquire()) {
                    attempts.add(new RequestCompleted.Attempt(model.provider().wireName(), model.id(),
                            AttemptOutcome.CIRCUIT_OPEN, null, 0));
                    break;
                }
                long attemptStart = System.nanoTime();
                try {
                    EmbeddingResult result = provider.embed(up);
                    attempts.add(attempt(AttemptOutcome.OK, 200, attemptStart));
                    breaker.onSuccess();
                    return succeed(result);
                } catch (UpstreamException e) {
                    attempts.add(attempt(AttemptOutcome.valueOf(e.kind().name()), e.httpStatus(), attemptStart));
                    if (shared && e.kind().fault() == FailureKind.Fault.PROVIDER) {
                        breaker.onFailure();
                    } else if (shared) {
                        breaker.onNeutral();
                    }
                    if (e.kind() == FailureKind.TIMEOUT && e.httpStatus() == null) {
                        // abandoned at our deadline while the provider may have embedded it: billed its input
                        charges.add(RequestCompleted.Charge.of(RequestCompleted.Charge.TIMED_OUT_ATTEMPT, model.id(),
                                TokenUsage.of(inputTokens, 0), s.metering().cost(model.id(), inputTokens, 0).nanos()));
                    }
                    last = e;
                    LOG.info("{} {} embedding attempt failed: {}", requestId, model.provider().wireName(), e.getMessage());
                    if (!Plans.mayRetrySameTarget(e.kind(), false, e.retryAfter())) {
                        break;
                    }
                    wait = e.retryAfter() == null ? Duration.ZERO : e.retryAfter();
                } catch (Refused e) {
                    // the provider cannot take the request as it is: the caller's request is at fault, never billed
                    if (shared) {
                        breaker.onNeutral();
                    }
                    attempts.add(attempt(AttemptOutcome.REJECTED, null, attemptStart));
                    return new EmbeddingOutcome.Refused(Map.copyOf(headers), e.refusal(),
                            complete(CompletionStatus.REJECTED, 400, "invalid_request", null, null, Usd.ZERO));
                } catch (RuntimeException e) {
                    if (shared) {
                        breaker.onNeutral();
                    }
                    attempts.add(attempt(AttemptOutcome.GATEWAY_ERROR, null, attemptStart));
                    complete(CompletionStatus.GATEWAY_ERROR, 500, "internal_error", null, null, abandoned());
                    throw e; // a bug: logged and answered 500 by the door
                }
            }
            return fail(last);
        }

        private EmbeddingOutcome succeed(EmbeddingResult result) {
            Integer reported = result.promptTokens();
            String usageSource = reported != null ? RequestCompleted.USAGE_PROVIDER : RequestCompleted.USAGE_ESTIMATE;
            int promptTokens = reported != null ? reported : inputTokens;
            Usd answer = s.metering().cost(model.id(), promptTokens, 0);
            charges.add(RequestCompleted.Charge.of(RequestCompleted.Charge.ANSWER, model.id(), TokenUsage.of(promptTokens, 0),
                    answer.nanos()));
            Usd cost = abandoned().plus(answer);
            RequestCompleted.ProviderUsage usage = reported == null ? null
                    : new RequestCompleted.ProviderUsage(reported, 0, null, null);
            Usd remainingAfter = Usd.ofNanos(Math.max(0, s.budgets().remaining(caller.key()).nanos() - cost.nanos()));
            RequestCompleted done = complete(CompletionStatus.OK, 200, null, usage, usageSource, cost);
            headers.put("X-Pura-Cost", cost.toString());
            headers.put("X-Pura-Budget-Remaining", remainingAfter.toString());
            PuraInfo info = new PuraInfo(requestId, model.provider().wireName(), model.id(), Tier.CHEAP.wireName(),
                    cost.toString(), inputTokens, 0, s.metering().rateCardVersion(), remainingAfter.toString(), usageSource);
            return new EmbeddingOutcome.Answered(Map.copyOf(headers), model.id(), result.vectors(), request.base64(),
                    promptTokens, info, done);
        }

        /** @param last the last attempt's failure, or null when the circuit kept every attempt from being made */
        private EmbeddingOutcome fail(UpstreamException last) {
            Refusal error = last == null
                    ? new Refusal.Unavailable("no_provider_available", "The provider of '" + model.id()
                    + "' is failing (its circuit is open); embeddings are never sent to another model. Retry shortly.",
                    Refusal.retryAfter(1))
                    : new Refusal.Upstream(last.kind().gatewayStatus(), last.kind().fault() == FailureKind.Fault.CALLER,
                    last.kind().code(), last.getMessage(), Refusal.retryAfter(last.retryAfter()));
            CompletionStatus status = last == null ? CompletionStatus.GATEWAY_ERROR : CompletionStatus.UPSTREAM_ERROR;
            Usd cost = abandoned();
            if (cost.nanos() > 0) {
                headers.put("X-Pura-Cost", cost.toString()); // what the completion records: the timed-out inputs
            }
            int httpStatus = last == null ? 503 : last.kind().gatewayStatus();
            return new EmbeddingOutcome.Refused(Map.copyOf(headers), error,
                    complete(status, httpStatus, error.code(), null, RequestCompleted.USAGE_ESTIMATE, cost));
        }

        private RequestCompleted complete(CompletionStatus status, int httpStatus, String errorCode,
                                          RequestCompleted.ProviderUsage usage, String usageSource, Usd cost) {
            long latencyMs = (System.nanoTime() - startNanos) / 1_000_000;
            RequestCompleted event = new RequestCompleted(RequestCompleted.SCHEMA_VERSION,
                    RequestCompleted.eventIdFor(requestId), s.clock().instant(), requestId, caller.key().keyId(),
                    model.provider().wireName(), model.id(), Tier.CHEAP.wireName(), status.wireName(), httpStatus, errorCode,
                    latencyMs, null, false, inputTokens, 0, usage, cost.nanos(), s.metering().rateCardVersion(), false,
                    caller.byok(), List.copyOf(attempts), usageSource == null ? RequestCompleted.USAGE_ESTIMATE : usageSource,
                    charges, Endpoint.EMBEDDINGS.wireName());
            hold.settle(event);
            s.events().publish(Topics.COMPLETIONS, caller.key().keyId(), event);
            s.observer().onCompleted(event);
            return event;
        }

        private Usd abandoned() {
            long nanos = 0;
            for (RequestCompleted.Charge c : charges) {
                if (RequestCompleted.Charge.TIMED_OUT_ATTEMPT.equals(c.kind())) {
                    nanos = Math.addExact(nanos, c.costNanoUsd());
                }
            }
            return Usd.ofNanos(nanos);
        }

        private RequestCompleted.Attempt attempt(AttemptOutcome outcome, Integer status, long attemptStart) {
            return new RequestCompleted.Attempt(model.provider().wireName(), model.id(), outcome, status,
                    (System.nanoTime() - attemptStart) / 1_000_000);
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
