package xyz.pura.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
import xyz.pura.ingress.Metering;
import xyz.pura.ingress.RateCardMetering;
import xyz.pura.ingress.admission.Budgets;
import xyz.pura.ingress.health.CircuitBreaker;
import xyz.pura.ingress.health.ProviderHealth;
import xyz.pura.ingress.kafka.EventPublisher;
import xyz.pura.ingress.keys.ApiKey;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.ChunkSink;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.Provider;
import xyz.pura.providers.Providers;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.UpstreamRequest;
import xyz.pura.router.RoutingDecision;

/**
 * {@link Exchange} behind a real HTTP server, with scripted providers in place of the upstreams: the shared
 * circuit and BYOK, a timed-out target, and what a timed-out attempt costs.
 */
class ExchangeTest {
    private static final String PRIMARY_MODEL = "gpt-4o";
    private static final String FALLBACK_MODEL = "claude-sonnet-4-20250514";
    private static final String ANSWER = "Here is a considered answer, of several tokens.";
    private static final String BODY = "{\"messages\":[{\"role\":\"user\",\"content\":\"Explain, in a few words, why the sky is blue.\"}]}";
    private static final int BREAKER_FAILURES = 3;

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
    private Javalin server;

    @BeforeAll
    static void publisher() {
        events = new EventPublisher("127.0.0.1:9", "exchange-test");
        events.brokerReachable(() -> false);
    }

    @AfterAll
    static void closePublisher() {
        events.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
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
        start();

        for (int i = 0; i < 2 * BREAKER_FAILURES; i++) {
            assertThat(post(BODY, "sk-callers-own-key-0123456789").statusCode()).isEqualTo(429);
        }
        int upstreamCalls = openai.calls.get();
        HttpResponse<String> ours = post(BODY, null);

        assertThat(upstreamCalls).isEqualTo(2 * 2 * BREAKER_FAILURES); // each BYOK request retried once, as before
        assertThat(health.breaker(ProviderId.OPENAI).state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(ours.statusCode()).isEqualTo(200);
        assertThat(openai.calls.get()).isEqualTo(upstreamCalls + 1);
    }

    @Test
    void shouldSendACallersOwnKeyToTheProviderEvenWhileTheSharedCircuitIsOpen() throws Exception {
        openai.script = up -> answer();
        for (int i = 0; i < BREAKER_FAILURES; i++) {
            health.breaker(ProviderId.OPENAI).onFailure();
        }
        assertThat(health.breaker(ProviderId.OPENAI).state()).isEqualTo(CircuitBreaker.State.OPEN);
        start();

        HttpResponse<String> byok = post(BODY, "sk-callers-own-key-0123456789");

        assertThat(byok.statusCode()).isEqualTo(200);
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
        start();

        HttpResponse<String> res = post(BODY, null);

        assertThat(res.statusCode()).isEqualTo(200);
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
        start();

        HttpResponse<String> res = post(BODY, null);

        RequestCompleted done = completion();
        int in = done.inputTokens();
        int out = metering.countText(ANSWER);
        Usd expected = metering.cost(PRIMARY_MODEL, in, 0).plus(metering.cost(FALLBACK_MODEL, in, out));
        assertThat(res.statusCode()).isEqualTo(200);
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
        assertThat(res.headers().firstValue("X-Pura-Cost")).contains(expected.toString());
        assertThat(Json.mapper().readTree(res.body()).at("/pura/costUsd").asText()).isEqualTo(expected.toString());
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
        start();

        HttpResponse<String> res = post(BODY, null);

        RequestCompleted done = completion();
        Usd expected = metering.cost(PRIMARY_MODEL, done.inputTokens(), 0)
                .plus(metering.cost(FALLBACK_MODEL, done.inputTokens(), 0));
        assertThat(res.statusCode()).isEqualTo(504);
        assertThat(done.status()).isEqualTo("upstream_error");
        assertThat(done.costNanoUsd()).isEqualTo(expected.nanos()).isPositive();
        assertThat(done.debited()).isTrue();
        assertThat(res.headers().firstValue("X-Pura-Cost")).contains(expected.toString());
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
        start();

        HttpResponse<String> res = post(BODY, null);

        RequestCompleted done = completion();
        Usd expected = metering.cost(PRIMARY_MODEL, new xyz.pura.events.pricing.TokenUsage(3_000, 2_048, 0, 0, 800, 500));
        assertThat(expected).isNotEqualTo(metering.cost(PRIMARY_MODEL, done.inputTokens(), done.outputTokens()));
        assertThat(done.usageSource()).isEqualTo("provider");
        assertThat(done.costNanoUsd()).isEqualTo(expected.nanos());
        assertThat(done.providerUsage().cachedInputTokens()).isEqualTo(2_048);
        assertThat(res.headers().firstValue("X-Pura-Cost")).contains(expected.toString());
        var pura = Json.mapper().readTree(res.body()).path("pura");
        assertThat(pura.path("costUsd").asText()).isEqualTo(expected.toString());
        assertThat(pura.path("usageSource").asText()).isEqualTo("provider");
        assertThat(done.charges()).singleElement().isEqualTo(RequestCompleted.Charge.of("answer", PRIMARY_MODEL,
                new TokenUsage(3_000, 2_048, 0, 0, 800, 500), expected.nanos()));
    }

    @Test
    void shouldPriceAnAnswerWithoutUsageFromTheEstimateAndSaySo() throws Exception {
        openai.script = up -> answer();
        start();

        HttpResponse<String> res = post(BODY, null);

        RequestCompleted done = completion();
        Usd expected = metering.cost(PRIMARY_MODEL, done.inputTokens(), metering.countText(ANSWER));
        assertThat(done.usageSource()).isEqualTo("estimate");
        assertThat(done.costNanoUsd()).isEqualTo(expected.nanos());
        assertThat(Json.mapper().readTree(res.body()).at("/pura/usageSource").asText()).isEqualTo("estimate");
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

    private void start() {
        Exchange.Services deps = new Exchange.Services(providers, health, metering, budgets, events, Clock.systemUTC(),
                completions::add);
        server = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.post("/chat", ctx -> serve(ctx, deps));
            ErrorMapper.install(cfg);
        }).start("127.0.0.1", 0);
    }

    /** What ChatHandler does around an Exchange, with the route fixed by the test. */
    private void serve(Context ctx, Exchange.Services deps) {
        ChatRequest chat = ChatRequestParser.parse(ctx.bodyAsBytes(), false);
        String byokKey = ctx.header("X-Provider-Key");
        int inputTokens = metering.countRequest(chat);
        Usd reservation = metering.reservation(route.model(), inputTokens, chat.maxTokens());
        Budgets.Reservation hold = budgets.admit(key, reservation.nanos());
        try {
            RequestContext r = new RequestContext(RequestIds.next(System.currentTimeMillis()), key, chat, route,
                    byokKey != null, inputTokens, reservation.nanos(), System.nanoTime());
            new Exchange(ctx, r, byokKey, hold, deps).run();
        } finally {
            hold.release();
        }
    }

    private HttpResponse<String> post(String body, String byokKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/chat"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (byokKey != null) {
            request.header("X-Provider-Key", byokKey);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
        public ChatResult stream(UpstreamRequest request, ChunkSink sink) {
            throw new AssertionError("not streamed here");
        }
    }
}
