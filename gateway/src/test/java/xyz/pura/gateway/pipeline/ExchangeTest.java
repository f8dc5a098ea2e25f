package xyz.pura.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Map;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.events.Json;
import xyz.pura.events.ProviderId;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.pricing.TokenUsage;
import xyz.pura.events.RequestIds;
import xyz.pura.events.SatsRate;
import xyz.pura.events.Tier;
import xyz.pura.events.Usd;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.ChatRequestParser;
import xyz.pura.events.pricing.RateCard;
import xyz.pura.events.pricing.TokenEstimator;
import xyz.pura.gateway.Metering;
import xyz.pura.gateway.RateCardMetering;
import xyz.pura.gateway.admission.Budgets;
import xyz.pura.gateway.health.CircuitBreaker;
import xyz.pura.gateway.health.ProviderHealth;
import xyz.pura.journal.EventPublisher;
import xyz.pura.gateway.keys.ApiKey;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.ChunkSink;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.StreamAbortedException;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.providers.Provider;
import xyz.pura.providers.Providers;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.UpstreamRequest;
import xyz.pura.router.RoutingDecision;

/**
 * The pipeline's attempt loop ({@link Exchange}) with fakes and no HTTP: scripted providers in place of the upstreams,
 * a recording {@link ChatStream} in place of the client, and a publisher whose broker is never reachable (its events
 * stay in memory). Retry once, fallback, the shared circuit and BYOK, timed-out attempts, cancellation billing and the
 * provider's usage, each in milliseconds.
 */
class ExchangeTest {
    private static final String PRIMARY_MODEL = "gpt-4o";
    private static final String FALLBACK_MODEL = "claude-sonnet-4-20250514";
    private static final String ANSWER = "Here is a considered answer, of several tokens.";
    private static final String BODY = "{\"messages\":[{\"role\":\"user\",\"content\":\"Explain, in a few words, why the sky is blue.\"}]}";
    private static final String STREAM_BODY = "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}]}";
    private static final int BREAKER_FAILURES = 4;

    /** Never connected: the broker is "down", so every event is parked in memory. */
    private static EventPublisher events;

    private final Metering metering = new RateCardMetering(RateCard.current(), TokenEstimator.instance());
    private final Budgets budgets = new Budgets(Clock.systemUTC(), 1_000_000, new SatsRate(100_000_000));
    private final ConcurrentLinkedQueue<RequestCompleted> completions = new ConcurrentLinkedQueue<>();
    private final Scripted openai = new Scripted(ProviderId.OPENAI);
    private final Scripted anthropic = new Scripted(ProviderId.ANTHROPIC);
    private final Providers providers = new Providers(Map.<ProviderId, Provider>of(ProviderId.OPENAI, openai,
            ProviderId.ANTHROPIC, anthropic));
    private final ProviderHealth health = new ProviderHealth(providers, BREAKER_FAILURES, Duration.ofMinutes(10),
            Clock.systemUTC());
    private final ApiKey key = new ApiKey("key-exchange", "0".repeat(64), "pura_test", "exchange", 1_000_000_000_000L, false);
    private RoutingDecision route = route(List.of());

    @BeforeAll
    static void publisher() {
        events = new EventPublisher("127.0.0.1:9", "exchange-test");
        events.brokerReachable(() -> false);
    }

    @AfterAll
    static void closePublisher() {
        events.close();
    }

    // 0. the plan: the chosen target retried once, then the fallbacks; the shared circuit

    @Test
    void shouldRetryTheChosenTargetOnceAfterAServerErrorAndAnswerFromIt() {
        AtomicInteger n = new AtomicInteger();
        openai.script = up -> {
            if (n.incrementAndGet() == 1) {
                throw new UpstreamException(FailureKind.SERVER_ERROR, 500, "openai answered 500", null);
            }
            return answer();
        };

        Outcome res = serve(BODY, null);

        assertThat(status(res)).isEqualTo(200);
        assertThat(openai.calls.get()).isEqualTo(2);
        assertThat(outcomes(completion())).containsExactly("openai:server_error", "openai:ok");
        assertThat(res.headers()).containsEntry("X-Pura-Provider", "openai").containsEntry("X-Pura-Model", PRIMARY_MODEL);
    }

    @Test
    void shouldFallBackAfterTheRetryFailsTooAndSayWhichProviderAnswered() {
        openai.script = up -> {
            throw new UpstreamException(FailureKind.OVERLOADED, 503, "openai answered 503", null);
        };
        anthropic.script = up -> answer();
        route = route(List.of(new RoutingDecision.Target(ProviderId.ANTHROPIC, FALLBACK_MODEL)));

        Outcome res = serve(BODY, null);

        assertThat(status(res)).isEqualTo(200);
        assertThat(outcomes(completion())).containsExactly("openai:overloaded", "openai:overloaded", "anthropic:ok");
        assertThat(res.headers()).containsEntry("X-Pura-Provider", "anthropic").containsEntry("X-Pura-Model", FALLBACK_MODEL);
        assertThat(completion().model()).isEqualTo(FALLBACK_MODEL);
    }

    @Test
    void shouldNotRetryARequestTheProviderRefusedAndNameTheCallerAtFault() {
        openai.script = up -> {
            throw new UpstreamException(FailureKind.BAD_REQUEST, 400, "openai answered 400: bad tool schema", null);
        };
        anthropic.script = up -> answer();
        route = route(List.of(new RoutingDecision.Target(ProviderId.ANTHROPIC, FALLBACK_MODEL)));

        Outcome res = serve(BODY, null);

        assertThat(res).isInstanceOfSatisfying(Outcome.Refused.class, r -> assertThat(r.refusal())
                .isEqualTo(new Refusal.Upstream(400, true, "invalid_request_error", "openai answered 400: bad tool schema", Map.of())));
        assertThat(openai.calls.get()).isEqualTo(1);
        assertThat(anthropic.calls.get()).isZero();
        assertThat(completion().status()).isEqualTo("upstream_error");
        assertThat(completion().debited()).isFalse();
    }

    @Test
    void shouldFallBackAtOnceWhenTheProviderAsksToWaitLongerThanTheGatewayWould() {
        openai.script = up -> {
            throw new UpstreamException(FailureKind.RATE_LIMITED, 429, "openai answered 429", Duration.ofSeconds(30));
        };
        anthropic.script = up -> answer();
        route = route(List.of(new RoutingDecision.Target(ProviderId.ANTHROPIC, FALLBACK_MODEL)));

        Outcome res = serve(BODY, null);

        assertThat(status(res)).isEqualTo(200);
        assertThat(outcomes(completion())).containsExactly("openai:rate_limited", "anthropic:ok");
    }

    @Test
    void shouldWaitAShortRetryAfterBeforeRetryingTheSameTarget() {
        List<Long> callTimes = new java.util.concurrent.CopyOnWriteArrayList<>();
        openai.script = up -> {
            callTimes.add(System.nanoTime());
            if (callTimes.size() == 1) {
                throw new UpstreamException(FailureKind.RATE_LIMITED, 429, "openai answered 429", Duration.ofMillis(300));
            }
            return answer();
        };

        Outcome res = serve(BODY, null);

        assertThat(status(res)).isEqualTo(200);
        assertThat(outcomes(completion())).containsExactly("openai:rate_limited", "openai:ok");
        assertThat(Duration.ofNanos(callTimes.get(1) - callTimes.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void shouldRouteARequestOneProviderCannotTranslateToTheNextProvider() {
        openai.script = up -> {
            throw new xyz.pura.events.chat.InvalidRequestException("openai cannot take this part", "messages[0].content[1]");
        };
        anthropic.script = up -> answer();
        route = route(List.of(new RoutingDecision.Target(ProviderId.ANTHROPIC, FALLBACK_MODEL)));

        Outcome res = serve(BODY, null);

        assertThat(status(res)).isEqualTo(200);
        assertThat(openai.calls.get()).isEqualTo(1); // not retried: the same provider would refuse again
        assertThat(outcomes(completion())).containsExactly("openai:rejected", "anthropic:ok");
        assertThat(completion().status()).isEqualTo("ok");
    }

    @Test
    void shouldRefuseARequestNoProviderOfThePlanCanTranslateWithoutBillingIt() {
        openai.script = up -> {
            throw new xyz.pura.events.chat.InvalidRequestException("'n' must be 1 here", "n");
        };
        anthropic.script = up -> {
            throw new xyz.pura.events.chat.InvalidRequestException("'n' must be 1 on Anthropic", "n");
        };
        route = route(List.of(new RoutingDecision.Target(ProviderId.ANTHROPIC, FALLBACK_MODEL)));

        Outcome res = serve(BODY, null);

        assertThat(res).isInstanceOfSatisfying(Outcome.Refused.class, r -> {
            assertThat(r.refusal()).isInstanceOf(Refusal.Invalid.class);
            assertThat(((Refusal.Invalid) r.refusal()).param()).isEqualTo("n");
        });
        assertThat(completion().status()).isEqualTo("rejected");
        assertThat(completion().debited()).isFalse();
    }

    @Test
    void shouldOpenTheSharedCircuitAfterRepeatedFailuresAndThenSkipTheProvider() {
        openai.script = up -> {
            throw new UpstreamException(FailureKind.SERVER_ERROR, 500, "openai answered 500", null);
        };
        anthropic.script = up -> answer();
        route = route(List.of(new RoutingDecision.Target(ProviderId.ANTHROPIC, FALLBACK_MODEL)));

        for (int i = 0; i < BREAKER_FAILURES; i += 2) {
            serve(BODY, null); // two failed attempts each
        }
        int callsWhenOpened = openai.calls.get();
        completions.clear();
        Outcome res = serve(BODY, null);

        assertThat(health.breaker(ProviderId.OPENAI).state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(status(res)).isEqualTo(200);
        assertThat(openai.calls.get()).isEqualTo(callsWhenOpened);
        assertThat(outcomes(completion())).containsExactly("openai:circuit_open", "openai:circuit_open", "anthropic:ok");
    }

    // 0b. streams: billed for what reached the client

    @Test
    void shouldEndADefaultStreamInOpenAisShapeWithTheCostOnTheChunkThatFinishes() {
        openai.streamScript = (up, sink) -> streamed(sink, "Blue, ", "because of scattering.");
        RecordingStream client = new RecordingStream(Integer.MAX_VALUE);

        serve(STREAM_BODY, null, client);

        ObjectNode last = client.chunks.get(client.chunks.size() - 1);
        assertThat(client.texts()).containsExactly("Blue, ", "because of scattering.", "");
        assertThat(client.chunks).allSatisfy(c -> assertThat(c.path("choices")).isNotEmpty());
        assertThat(client.chunks).allSatisfy(c -> assertThat(c.has("usage")).isFalse());
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(last.at("/pura/costUsd").asText()).isEqualTo(Usd.ofNanos(completion().costNanoUsd()).toString());
        assertThat(client.chunks.subList(0, client.chunks.size() - 1)).noneSatisfy(c -> assertThat(c.has("pura")).isTrue());
        assertThat(client.done).isTrue();
    }

    @Test
    void shouldAddTheUsageChunkOnlyWhenTheClientAskedForIt() {
        openai.streamScript = (up, sink) -> streamed(sink, "Blue.");
        RecordingStream client = new RecordingStream(Integer.MAX_VALUE);

        serve("{\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}]}", null, client);

        ObjectNode finishing = client.chunks.get(client.chunks.size() - 2);
        ObjectNode usage = client.chunks.get(client.chunks.size() - 1);
        assertThat(finishing.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(finishing.has("pura")).isTrue();
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(completion().outputTokens());
        assertThat(usage.at("/pura/requestId").asText()).isEqualTo(completion().requestId());
    }

    @Test
    void shouldBillACancelledStreamForTheTokensTheClientReceivedOnly() {
        openai.streamScript = (up, sink) -> {
            StringBuilder said = new StringBuilder();
            for (String piece : List.of("The sky ", "is blue ", "because of ", "Rayleigh scattering.")) {
                try {
                    sink.accept(chunk(piece));
                    said.append(piece);
                } catch (IOException clientGone) {
                    throw new StreamAbortedException(new ChatResult(null, said.toString(), null, null), clientGone);
                }
            }
            return new ChatResult(null, said.toString(), "stop", null);
        };
        RecordingStream client = new RecordingStream(2); // the third write fails: the client left

        Outcome res = serve(STREAM_BODY, null, client);

        RequestCompleted done = completion();
        int received = metering.countText("The sky is blue ");
        assertThat(res).isInstanceOf(Outcome.Streamed.class);
        assertThat(client.texts()).containsExactly("The sky ", "is blue ");
        assertThat(done.status()).isEqualTo("client_cancelled");
        assertThat(done.outputTokens()).isEqualTo(received);
        assertThat(done.usageSource()).isEqualTo("estimate");
        assertThat(done.costNanoUsd()).isEqualTo(metering.cost(PRIMARY_MODEL, done.inputTokens(), received).nanos());
        assertThat(client.firstHeaders).containsEntry("X-Pura-Provider", "openai").containsKey("X-Pura-Cost");
    }

    @Test
    void shouldEndAStreamThatFailedMidwayWithTheRefusalInTheStreamAndBillWhatWasSent() {
        openai.streamScript = (up, sink) -> {
            try {
                sink.accept(chunk("Half an answer"));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            throw new UpstreamException(FailureKind.STREAM_ERROR, null, "openai sent an error event", null);
        };
        RecordingStream client = new RecordingStream(Integer.MAX_VALUE);

        Outcome res = serve(STREAM_BODY, null, client);

        assertThat(res).isInstanceOf(Outcome.Streamed.class);
        assertThat(client.errors).singleElement().satisfies(r -> assertThat(r.code()).isEqualTo("upstream_stream_error"));
        assertThat(client.done).isFalse();
        assertThat(completion().status()).isEqualTo("upstream_error");
        assertThat(completion().outputTokens()).isEqualTo(metering.countText("Half an answer"));
        assertThat(completion().debited()).isTrue();
    }

    @Test
    void shouldAnswerAStreamThatFailedBeforeItsFirstChunkAsARefusalWithNothingWritten() {
        openai.streamScript = (up, sink) -> {
            throw new UpstreamException(FailureKind.AUTHENTICATION, 401, "openai answered 401", null);
        };
        RecordingStream client = new RecordingStream(Integer.MAX_VALUE);

        Outcome res = serve(STREAM_BODY, null, client);

        assertThat(res).isInstanceOfSatisfying(Outcome.Refused.class,
                r -> assertThat(r.refusal().code()).isEqualTo("upstream_auth_error"));
        assertThat(client.started()).isFalse();
        assertThat(completion().debited()).isFalse();
    }

    // 1. BYOK and the shared circuit

    @Test
    void shouldKeepTheSharedCircuitClosedWhenTheCallersOwnKeyIsRateLimited() throws Exception {
        openai.script = up -> {
            if (up.byokKey() != null) {
                throw new UpstreamException(FailureKind.RATE_LIMITED, 429, "openai answered 429: your quota", null);
            }
            return answer();
        };

        for (int i = 0; i < 2 * BREAKER_FAILURES; i++) {
            assertThat(status(serve(BODY, "sk-callers-own-key-0123456789"))).isEqualTo(429);
        }
        int upstreamCalls = openai.calls.get();
        Outcome ours = serve(BODY, null);

        assertThat(upstreamCalls).isEqualTo(2 * 2 * BREAKER_FAILURES); // each BYOK request retried once, as before
        assertThat(health.breaker(ProviderId.OPENAI).state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(status(ours)).isEqualTo(200);
        assertThat(openai.calls.get()).isEqualTo(upstreamCalls + 1);
    }

    @Test
    void shouldSendACallersOwnKeyToTheProviderEvenWhileTheSharedCircuitIsOpen() throws Exception {
        openai.script = up -> answer();
        for (int i = 0; i < BREAKER_FAILURES; i++) {
            health.breaker(ProviderId.OPENAI).onFailure();
        }
        assertThat(health.breaker(ProviderId.OPENAI).state()).isEqualTo(CircuitBreaker.State.OPEN);

        Outcome byok = serve(BODY, "sk-callers-own-key-0123456789");

        assertThat(status(byok)).isEqualTo(200);
        assertThat(openai.calls.get()).isEqualTo(1);
        assertThat(openai.lastByokKey).isEqualTo("sk-callers-own-key-0123456789");
    }

    // 2. a non-streamed timeout is not retried on the same target

    @Test
    void shouldGoToTheFallbackWithoutRetryingATargetThatTimedOut() throws Exception {
        openai.script = up -> {
            throw timeout();
        };
        anthropic.script = up -> answer();
        route = route(List.of(new RoutingDecision.Target(ProviderId.ANTHROPIC, FALLBACK_MODEL)));

        Outcome res = serve(BODY, null);

        assertThat(status(res)).isEqualTo(200);
        assertThat(openai.calls.get()).isEqualTo(1);
        assertThat(anthropic.calls.get()).isEqualTo(1);
        assertThat(outcomes(completion())).containsExactly("openai:timeout", "anthropic:ok");
    }

    // 3. a timed-out attempt is billed its input

    @Test
    void shouldBillTheInputOfATimedOutAttemptOnTopOfTheFallbacksAnswer() throws Exception {
        openai.script = up -> {
            throw timeout();
        };
        anthropic.script = up -> answer();
        route = route(List.of(new RoutingDecision.Target(ProviderId.ANTHROPIC, FALLBACK_MODEL)));

        Outcome res = serve(BODY, null);

        RequestCompleted done = completion();
        int in = done.inputTokens();
        int out = metering.countText(ANSWER);
        Usd expected = metering.cost(PRIMARY_MODEL, in, 0).plus(metering.cost(FALLBACK_MODEL, in, out));
        assertThat(status(res)).isEqualTo(200);
        assertThat(metering.cost(PRIMARY_MODEL, in, 0).nanos()).isPositive();
        assertThat(done.status()).isEqualTo("ok");
        assertThat(done.outputTokens()).isEqualTo(out);
        assertThat(done.costNanoUsd()).isEqualTo(expected.nanos());
        assertThat(outcomes(done)).containsExactly("openai:timeout", "anthropic:ok");
        assertThat(openai.calls.get()).isEqualTo(1);
        // itemised, so a replay can price it under another rate card: the abandoned input, then the answer
        assertThat(done.charges()).containsExactly(
                RequestCompleted.Charge.of("timed_out_attempt", PRIMARY_MODEL, TokenUsage.of(in, 0),
                        metering.cost(PRIMARY_MODEL, in, 0).nanos()),
                RequestCompleted.Charge.of("answer", FALLBACK_MODEL, TokenUsage.of(in, out),
                        metering.cost(FALLBACK_MODEL, in, out).nanos()));
        // the money identity: what the client is shown is what the ledger books
        assertThat(res.headers().get("X-Pura-Cost")).isEqualTo(expected.toString());
        assertThat(body(res).at("/pura/costUsd").asText()).isEqualTo(expected.toString());
    }

    @Test
    void shouldBillTheTimedOutInputsOfARequestThatFailsInTheEnd() throws Exception {
        openai.script = up -> {
            throw timeout();
        };
        anthropic.script = up -> {
            throw timeout();
        };
        route = route(List.of(new RoutingDecision.Target(ProviderId.ANTHROPIC, FALLBACK_MODEL)));

        Outcome res = serve(BODY, null);

        RequestCompleted done = completion();
        Usd expected = metering.cost(PRIMARY_MODEL, done.inputTokens(), 0)
                .plus(metering.cost(FALLBACK_MODEL, done.inputTokens(), 0));
        assertThat(status(res)).isEqualTo(504);
        assertThat(done.status()).isEqualTo("upstream_error");
        assertThat(done.costNanoUsd()).isEqualTo(expected.nanos()).isPositive();
        assertThat(done.debited()).isTrue();
        assertThat(res.headers().get("X-Pura-Cost")).isEqualTo(expected.toString());
        assertThat(outcomes(done)).containsExactly("openai:timeout", "anthropic:timeout");
        assertThat(done.charges()).extracting(RequestCompleted.Charge::kind, RequestCompleted.Charge::model)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("timed_out_attempt", PRIMARY_MODEL),
                        org.assertj.core.groups.Tuple.tuple("timed_out_attempt", FALLBACK_MODEL));
    }

    // exact money: the provider's usage prices a complete answer, the estimate what it did not report

    @Test
    void shouldPriceACompleteAnswerFromTheProvidersUsageByComponent() throws Exception {
        ChatResult.Usage usage = new ChatResult.Usage(3_000, 800, 2_048, 500, null, null);
        openai.script = up -> {
            ChatResult plain = answer();
            return new ChatResult(plain.completion(), plain.outputText(), "stop", usage);
        };

        Outcome res = serve(BODY, null);

        RequestCompleted done = completion();
        Usd expected = metering.cost(PRIMARY_MODEL, new xyz.pura.events.pricing.TokenUsage(3_000, 2_048, 0, 0, 800, 500));
        assertThat(expected).isNotEqualTo(metering.cost(PRIMARY_MODEL, done.inputTokens(), done.outputTokens()));
        assertThat(done.usageSource()).isEqualTo("provider");
        assertThat(done.costNanoUsd()).isEqualTo(expected.nanos());
        assertThat(done.providerUsage().cachedInputTokens()).isEqualTo(2_048);
        assertThat(res.headers().get("X-Pura-Cost")).isEqualTo(expected.toString());
        var pura = body(res).path("pura");
        assertThat(pura.path("costUsd").asText()).isEqualTo(expected.toString());
        assertThat(pura.path("usageSource").asText()).isEqualTo("provider");
        assertThat(done.charges()).singleElement().isEqualTo(RequestCompleted.Charge.of("answer", PRIMARY_MODEL,
                new TokenUsage(3_000, 2_048, 0, 0, 800, 500), expected.nanos()));
    }

    @Test
    void shouldTakeTheOutputTokensOfAnAnswerPricedFromTheProvidersUsageFromThatUsage() throws Exception {
        // the answer's text counts far fewer tokens than the provider reports (800, reasoning included): the figure
        // shown and recorded is the one the answer was priced from, and the text is not counted again
        ChatResult.Usage usage = new ChatResult.Usage(3_000, 800, 2_048, 500, null, null);
        openai.script = up -> {
            ChatResult plain = answer();
            return new ChatResult(plain.completion(), plain.outputText(), "stop", usage);
        };

        Outcome res = serve(BODY, null);

        RequestCompleted done = completion();
        assertThat(metering.countText(ANSWER)).isNotEqualTo(800);
        assertThat(done.outputTokens()).isEqualTo(800);
        assertThat(body(res).at("/pura/outputTokens").asInt()).isEqualTo(800);
    }

    @Test
    void shouldCountTheOutputTokensItselfWhenTheProvidersUsageLacksThem() throws Exception {
        ChatResult.Usage partial = new ChatResult.Usage(3_000, null, null, null, null, null);
        openai.script = up -> {
            ChatResult plain = answer();
            return new ChatResult(plain.completion(), plain.outputText(), "stop", partial);
        };

        Outcome res = serve(BODY, null);

        RequestCompleted done = completion();
        assertThat(done.usageSource()).isEqualTo("estimate");
        assertThat(done.outputTokens()).isEqualTo(metering.countText(ANSWER));
        assertThat(body(res).at("/pura/outputTokens").asInt()).isEqualTo(metering.countText(ANSWER));
    }

    @Test
    void shouldPriceAnAnswerWithoutUsageFromTheEstimateAndSaySo() throws Exception {
        openai.script = up -> answer();

        Outcome res = serve(BODY, null);

        RequestCompleted done = completion();
        Usd expected = metering.cost(PRIMARY_MODEL, done.inputTokens(), metering.countText(ANSWER));
        assertThat(done.usageSource()).isEqualTo("estimate");
        assertThat(done.costNanoUsd()).isEqualTo(expected.nanos());
        assertThat(body(res).at("/pura/usageSource").asText()).isEqualTo("estimate");
    }

    @Test
    void shouldRecordEveryFailureKindAsAnAttemptOutcomeOfTheSameName() {
        for (FailureKind kind : FailureKind.values()) {
            assertThat(xyz.pura.events.AttemptOutcome.valueOf(kind.name()).providerFault())
                    .as(kind.name()).isEqualTo(kind.fault() == FailureKind.Fault.PROVIDER);
        }
    }

    // the harness

    private static UpstreamException timeout() {
        return new UpstreamException(FailureKind.TIMEOUT, null, "timed out", null);
    }

    private static ChatResult answer() {
        ObjectNode completion = Json.mapper().createObjectNode();
        completion.put("id", "chatcmpl-test").put("object", "chat.completion");
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", ANSWER);
        return new ChatResult(completion, ANSWER, "stop", null);
    }

    private static RoutingDecision route(List<RoutingDecision.Target> fallbacks) {
        return new RoutingDecision(ProviderId.OPENAI, PRIMARY_MODEL, Tier.MID, Tier.MID, 0.5, null, null, false, false,
                List.of(), fallbacks, "test route");
    }

    private static List<String> outcomes(RequestCompleted done) {
        return done.attempts().stream().map(a -> a.provider() + ":" + a.outcome()).toList();
    }

    private RequestCompleted completion() {
        assertThat(completions).hasSize(1);
        return completions.peek();
    }

    /** What {@link ChatPipeline} does around an Exchange, with the route fixed by the test. */
    private Outcome serve(String body, String byokKey) {
        return serve(body, byokKey, null);
    }

    private Outcome serve(String body, String byokKey, ChatStream stream) {
        Exchange.Services deps = new Exchange.Services(providers, health, metering, budgets, events, Clock.systemUTC(),
                completions::add);
        ChatRequest chat = ChatRequestParser.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
        int inputTokens = metering.countRequest(chat);
        Usd reservation = metering.reservation(route.model(), inputTokens, chat.maxTokens());
        Budgets.Reservation hold = budgets.admit(key, reservation.nanos());
        try {
            RequestContext r = new RequestContext(RequestIds.next(System.currentTimeMillis()), key, chat, route,
                    byokKey != null, inputTokens, reservation.nanos(), System.nanoTime());
            return new Exchange(r, byokKey, hold, deps, new java.util.LinkedHashMap<>(), stream).run();
        } finally {
            hold.release();
        }
    }

    /** The status the OpenAI door answers the outcome with (a stream: 200). */
    private static int status(Outcome o) {
        return switch (o) {
            case Outcome.Answered a -> 200;
            case Outcome.Streamed s -> 200;
            case Outcome.Refused r -> switch (r.refusal()) {
                case Refusal.Upstream u -> u.status();
                case Refusal.Unavailable u -> 503;
                default -> throw new AssertionError("unexpected refusal " + r.refusal());
            };
        };
    }

    private static JsonNode body(Outcome o) {
        assertThat(o).isInstanceOf(Outcome.Answered.class);
        return ((Outcome.Answered) o).body();
    }

    /** A provider stream of {@code pieces}, then a chunk with the finish reason, as OpenAI sends it. */
    private static ChatResult streamed(ChunkSink sink, String... pieces) throws StreamAbortedException {
        StringBuilder said = new StringBuilder();
        try {
            for (String piece : pieces) {
                sink.accept(chunk(piece));
                said.append(piece);
            }
            ObjectNode end = chunk("");
            ((ObjectNode) end.path("choices").get(0)).put("finish_reason", "stop");
            sink.accept(end);
        } catch (IOException clientGone) {
            throw new StreamAbortedException(new ChatResult(null, said.toString(), null, null), clientGone);
        }
        return new ChatResult(null, said.toString(), "stop", null);
    }

    private static ObjectNode chunk(String text) {
        ObjectNode c = Json.mapper().createObjectNode();
        c.put("id", "chatcmpl-test").put("object", "chat.completion.chunk").put("created", 1).put("model", PRIMARY_MODEL);
        c.putArray("choices").addObject().put("index", 0).putObject("delta").put("content", text);
        return c;
    }

    /** A client that reads {@code accepts} chunks, then is gone (its writes fail). */
    private static final class RecordingStream implements ChatStream {
        private final int accepts;
        final List<ObjectNode> chunks = new ArrayList<>();
        final List<Refusal> errors = new ArrayList<>();
        Map<String, String> firstHeaders;
        boolean done;
        long first;

        RecordingStream(int accepts) {
            this.accepts = accepts;
        }

        @Override
        public void send(Map<String, String> headers, ObjectNode chunk) throws IOException {
            if (chunks.size() >= accepts) {
                throw new IOException("the client left");
            }
            if (firstHeaders == null) {
                firstHeaders = Map.copyOf(headers);
                first = System.nanoTime();
            }
            chunks.add(chunk.deepCopy());
        }

        @Override
        public void done() {
            done = true;
        }

        @Override
        public void error(Refusal refusal) {
            errors.add(refusal);
        }

        @Override
        public boolean started() {
            return !chunks.isEmpty();
        }

        @Override
        public long firstByteNanos() {
            return first;
        }

        List<String> texts() {
            return chunks.stream().map(c -> c.at("/choices/0/delta/content").asText()).toList();
        }
    }

    /** A provider whose every call is answered by {@link #script}; counts its calls. */
    private static final class Scripted implements Provider {
        interface Script {
            ChatResult answer(UpstreamRequest up) throws UpstreamException;
        }

        private final ProviderId id;
        final AtomicInteger calls = new AtomicInteger();
        volatile Script script = up -> {
            throw new AssertionError("no call expected");
        };
        volatile String lastByokKey;
        volatile StreamScript streamScript = (up, sink) -> {
            throw new AssertionError("no stream expected");
        };

        interface StreamScript {
            ChatResult answer(UpstreamRequest up, ChunkSink sink) throws UpstreamException, StreamAbortedException;
        }

        Scripted(ProviderId id) {
            this.id = id;
        }

        @Override
        public ProviderId id() {
            return id;
        }

        @Override
        public boolean configured() {
            return true;
        }

        @Override
        public ChatResult chat(UpstreamRequest request) throws UpstreamException {
            calls.incrementAndGet();
            lastByokKey = request.byokKey();
            return script.answer(request);
        }

        @Override
        public ChatResult stream(UpstreamRequest request, ChunkSink sink) throws UpstreamException, StreamAbortedException {
            calls.incrementAndGet();
            return streamScript.answer(request, sink);
        }
    }
}
