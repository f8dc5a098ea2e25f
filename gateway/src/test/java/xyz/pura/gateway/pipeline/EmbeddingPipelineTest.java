package xyz.pura.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.SatsRate;
import xyz.pura.events.Usd;
import xyz.pura.events.embeddings.EmbeddingRequest;
import xyz.pura.events.embeddings.EmbeddingRequestParser;
import xyz.pura.events.pricing.RateCard;
import xyz.pura.events.pricing.TokenEstimator;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.gateway.Observer;
import xyz.pura.gateway.RateCardMetering;
import xyz.pura.gateway.admission.Budgets;
import xyz.pura.gateway.health.ProviderHealth;
import xyz.pura.gateway.keys.ApiKey;
import xyz.pura.journal.EventPublisher;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.ChunkSink;
import xyz.pura.providers.EmbeddingCall;
import xyz.pura.providers.EmbeddingResult;
import xyz.pura.providers.Embeddings;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.Provider;
import xyz.pura.providers.Providers;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.UpstreamRequest;

/**
 * {@link EmbeddingPipeline} with scripted providers and no HTTP: the price of the provider's count or the gateway's,
 * one retry on the same model and no other, a timed-out attempt billed its input, and refusals before any call.
 */
class EmbeddingPipelineTest {
    private static EventPublisher events;

    private final RateCardMetering metering = new RateCardMetering(RateCard.current(), TokenEstimator.instance());
    private final List<RequestCompleted> completed = new ArrayList<>();
    private final Map<ProviderId, Scripted> providers = new EnumMap<>(ProviderId.class);

    @BeforeAll
    static void publisher() {
        events = new EventPublisher("127.0.0.1:9", "embedding-pipeline-test");
        events.brokerReachable(() -> false);
    }

    @AfterAll
    static void closePublisher() {
        events.close();
    }

    @Test
    void shouldPriceTheProvidersCountAndPublishTheCompletionOnTheEmbeddingsEndpoint() {
        // given OpenAI reporting 10 prompt tokens
        EmbeddingPipeline pipeline = pipeline();
        script(ProviderId.OPENAI).answers.add(new EmbeddingResult(List.of(new float[]{1f, 0f}), 10));

        // when a text is embedded with auto
        EmbeddingOutcome outcome = pipeline.serve(caller(null), request("{\"model\":\"auto\",\"input\":\"hello there\"}"),
                System.nanoTime());

        // then 10 tokens at $0.02 per 1M, in the header, the pura object and the completion alike
        assertThat(outcome).isInstanceOfSatisfying(EmbeddingOutcome.Answered.class, a -> {
            assertThat(a.model()).isEqualTo("text-embedding-3-small");
            assertThat(a.promptTokens()).isEqualTo(10);
            assertThat(a.pura().costUsd()).isEqualTo("0.000000200");
            assertThat(a.pura().usageSource()).isEqualTo("provider");
        });
        RequestCompleted done = outcome.completion();
        assertThat(completed).containsExactly(done);
        assertThat(outcome.headers()).containsEntry("X-Pura-Cost", "0.000000200").containsEntry("X-Pura-Provider", "openai")
                .containsEntry("X-Pura-Request-Id", done.requestId());
        assertThat(done.costNanoUsd()).isEqualTo(200);
        assertThat(done.endpoint()).isEqualTo("/v1/embeddings");
        assertThat(done.outputTokens()).isZero();
        assertThat(done.debited()).isTrue();
        assertThat(done.charges()).singleElement().satisfies(c -> assertThat(c.inputTokens()).isEqualTo(10));
    }

    @Test
    void shouldPriceTheGatewaysCountWhenGeminiReportsNone() {
        EmbeddingPipeline pipeline = pipeline();
        script(ProviderId.GEMINI).answers.add(new EmbeddingResult(List.of(new float[]{1f}), null));

        EmbeddingOutcome outcome = pipeline.serve(caller(null), request("{\"model\":\"gemini-embedding-001\",\"input\":\"hello\"}"),
                System.nanoTime());

        int tokens = TokenEstimator.instance().countText("hello");
        assertThat(outcome).isInstanceOfSatisfying(EmbeddingOutcome.Answered.class, a -> {
            assertThat(a.promptTokens()).isEqualTo(tokens);
            assertThat(a.pura().usageSource()).isEqualTo("estimate");
        });
        assertThat(outcome.completion().costNanoUsd()).isEqualTo(150L * tokens);
        assertThat(outcome.completion().providerUsage()).isNull();
    }

    @Test
    void shouldRetryOnceOnTheSameModelAndNeverFailOver() {
        // given OpenAI failing twice with 503, Gemini able to answer
        EmbeddingPipeline pipeline = pipeline();
        Scripted openai = script(ProviderId.OPENAI);
        openai.failures.add(new UpstreamException(FailureKind.OVERLOADED, 503, "busy", null));
        openai.failures.add(new UpstreamException(FailureKind.OVERLOADED, 503, "busy", null));
        script(ProviderId.GEMINI).answers.add(new EmbeddingResult(List.of(new float[]{1f}), null));

        // when embedded on an OpenAI model
        EmbeddingOutcome outcome = pipeline.serve(caller(null), request("{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}"),
                System.nanoTime());

        // then two attempts on OpenAI, none elsewhere, an upstream refusal and an unbilled completion
        assertThat(openai.calls).isEqualTo(2);
        assertThat(script(ProviderId.GEMINI).calls).isZero();
        assertThat(outcome).isInstanceOfSatisfying(EmbeddingOutcome.Refused.class,
                r -> assertThat(r.refusal()).isInstanceOf(Refusal.Upstream.class));
        assertThat(outcome.completion().attempts()).extracting(RequestCompleted.Attempt::provider).containsExactly("openai", "openai");
        assertThat(outcome.completion().debited()).isFalse();
    }

    @Test
    void shouldBillATimedOutAttemptItsInputAndNotRetryIt() {
        EmbeddingPipeline pipeline = pipeline();
        Scripted openai = script(ProviderId.OPENAI);
        openai.failures.add(new UpstreamException(FailureKind.TIMEOUT, null, "openai timed out", null));

        EmbeddingOutcome outcome = pipeline.serve(caller(null), request("{\"model\":\"text-embedding-3-large\",\"input\":[1,2,3,4]}"),
                System.nanoTime());

        assertThat(openai.calls).isEqualTo(1);
        assertThat(outcome.completion().costNanoUsd()).isEqualTo(4 * 130L);
        assertThat(outcome.headers()).containsEntry("X-Pura-Cost", Usd.ofNanos(520).toString());
        assertThat(outcome.completion().debited()).isTrue();
    }

    @Test
    void shouldRefuseBeforeAnyCallWhatNoModelTakes() {
        EmbeddingPipeline pipeline = pipeline();

        EmbeddingOutcome dims = pipeline.serve(caller(null),
                request("{\"model\":\"text-embedding-ada-002\",\"input\":\"x\",\"dimensions\":8}"), System.nanoTime());
        EmbeddingOutcome tokens = pipeline.serve(caller(null),
                request("{\"model\":\"gemini-embedding-001\",\"input\":[7,8]}"), System.nanoTime());
        EmbeddingOutcome unknown = pipeline.serve(caller(null),
                request("{\"model\":\"gpt-4o\",\"input\":\"x\"}"), System.nanoTime());

        assertThat(List.of(dims, tokens, unknown)).allSatisfy(o -> {
            assertThat(o).isInstanceOf(EmbeddingOutcome.Refused.class);
            assertThat(((EmbeddingOutcome.Refused) o).refusal()).isInstanceOf(Refusal.Invalid.class);
            assertThat(o.completion()).isNull();
        });
        assertThat(((Refusal.Invalid) ((EmbeddingOutcome.Refused) dims).refusal()).param()).isEqualTo("dimensions");
        assertThat(((Refusal.Invalid) ((EmbeddingOutcome.Refused) tokens).refusal()).param()).isEqualTo("input");
        assertThat(((Refusal.Invalid) ((EmbeddingOutcome.Refused) unknown).refusal()).param()).isEqualTo("model");
        assertThat(completed).isEmpty();
    }

    // the harness

    private Scripted script(ProviderId id) {
        return providers.get(id);
    }

    private EmbeddingPipeline pipeline() {
        Map<ProviderId, Provider> all = new EnumMap<>(ProviderId.class);
        for (ProviderId id : ProviderId.values()) {
            Scripted p = new Scripted(id);
            providers.put(id, p);
            all.put(id, p);
        }
        Providers ps = new Providers(all);
        ProviderHealth health = new ProviderHealth(ps, 5, Duration.ofSeconds(30), Clock.systemUTC());
        Observer observer = new Observer() {
            @Override
            public void onCompleted(RequestCompleted event) {
                completed.add(event);
            }

            @Override
            public void onRejected(String code) {
            }
        };
        return new EmbeddingPipeline(new EmbeddingPipeline.Services(ps, health, metering,
                new Budgets(Clock.systemUTC(), 1_000, new SatsRate(100_000_000)), (keyId, baseUrl) -> Map.of(), events,
                Clock.systemUTC(), observer));
    }

    private static ChatPipeline.Caller caller(String byok) {
        return new ChatPipeline.Caller(new ApiKey("key-embed", "0".repeat(64), "pura_test", "embed", 1_000_000_000L, false),
                byok, "https://gw.example");
    }

    private static EmbeddingRequest request(String body) {
        return EmbeddingRequestParser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    /** A provider that embeds from a script: its failures first, then its answers. */
    private static final class Scripted implements Provider, Embeddings {
        private final ProviderId id;
        final Deque<UpstreamException> failures = new ArrayDeque<>();
        final Deque<EmbeddingResult> answers = new ArrayDeque<>();
        int calls;

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
        public EmbeddingResult embed(EmbeddingCall call) throws UpstreamException {
            calls++;
            if (!failures.isEmpty()) {
                throw failures.poll();
            }
            return answers.poll();
        }

        @Override
        public ChatResult chat(UpstreamRequest request) {
            throw new AssertionError("no chat here");
        }

        @Override
        public ChatResult stream(UpstreamRequest request, ChunkSink sink) {
            throw new AssertionError("no chat here");
        }
    }
}
