package xyz.pura.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.events.Json;
import xyz.pura.events.ProviderId;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.SatsRate;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.ChatRequestParser;
import xyz.pura.events.pricing.RateCard;
import xyz.pura.events.pricing.TokenEstimator;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.gateway.Observer;
import xyz.pura.gateway.RateCardMetering;
import xyz.pura.gateway.admission.Budgets;
import xyz.pura.gateway.health.ProviderHealth;
import xyz.pura.gateway.keys.ApiKey;
import xyz.pura.gateway.routing.Routing;
import xyz.pura.journal.EventPublisher;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.ChunkSink;
import xyz.pura.providers.Provider;
import xyz.pura.providers.Providers;
import xyz.pura.providers.UpstreamRequest;
import xyz.pura.router.ModelCatalog;
import xyz.pura.router.QualityTable;
import xyz.pura.router.Router;
import xyz.pura.router.RouterConfig;
import xyz.pura.router.WeightTable;

/**
 * {@link ChatPipeline} as a front door sees it, with no HTTP: what it refuses before any upstream call (and that the
 * refusal is a value the door renders), and the headers and completion of an answer. The real router and admission,
 * fake providers, and a publisher whose broker is never reachable.
 */
class ChatPipelineTest {
    private static final String BODY = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}";
    private static EventPublisher events;

    private final RateCardMetering metering = new RateCardMetering(RateCard.current(), TokenEstimator.instance());
    private final List<RequestCompleted> completed = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private final AtomicInteger upstreamCalls = new AtomicInteger();

    @BeforeAll
    static void publisher() {
        events = new EventPublisher("127.0.0.1:9", "pipeline-test");
        events.brokerReachable(() -> false);
    }

    @AfterAll
    static void closePublisher() {
        events.close();
    }

    @Test
    void shouldAnswerWithTheRoutingAndCostHeadersAsDataAndPublishTheCompletionFirst() {
        ChatPipeline pipeline = pipeline(new Budgets(Clock.systemUTC(), 1_000, new SatsRate(100_000_000)));

        Outcome outcome = pipeline.serve(caller(key(1_000_000_000L), null), chat(BODY), System.nanoTime(), null);

        assertThat(outcome).isInstanceOf(Outcome.Answered.class);
        RequestCompleted done = outcome.completion();
        assertThat(completed).containsExactly(done);
        assertThat(outcome.headers()).containsEntry("X-Pura-Request-Id", done.requestId())
                .containsEntry("X-Pura-Provider", done.provider()).containsEntry("X-Pura-Model", done.model())
                .containsEntry("X-Pura-Tier", done.tier()).containsKeys("X-Pura-Cost", "X-Pura-Budget-Remaining");
        assertThat(outcome.headers().get("X-Pura-Cost"))
                .isEqualTo(xyz.pura.events.Usd.ofNanos(done.costNanoUsd()).toString());
        assertThat(((Outcome.Answered) outcome).body().at("/pura/requestId").asText()).isEqualTo(done.requestId());
    }

    @Test
    void shouldRefuseAMalformedProviderKeyBeforeAnythingIsAcceptedOrCalled() {
        ChatPipeline pipeline = pipeline(new Budgets(Clock.systemUTC(), 1_000, new SatsRate(100_000_000)));

        Outcome outcome = pipeline.serve(caller(key(1_000_000_000L), "not a key \u00e9"), chat(BODY), System.nanoTime(), null);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Refused.class, r -> {
            assertThat(r.refusal()).isInstanceOf(Refusal.Invalid.class);
            assertThat(r.refusal().code()).isEqualTo("invalid_provider_key");
            assertThat(r.completion()).isNull();
        });
        assertThat(upstreamCalls.get()).isZero();
        assertThat(completed).isEmpty();
    }

    @Test
    void shouldRefuseAKeyWhoseDailyBudgetIsSpentAndTellTheObserver() {
        ChatPipeline pipeline = pipeline(new Budgets(Clock.systemUTC(), 1_000, new SatsRate(100_000_000)));

        Outcome outcome = pipeline.serve(caller(key(0), null), chat(BODY), System.nanoTime(), null);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Refused.class, r -> {
            assertThat(r.refusal()).isInstanceOf(Refusal.BudgetExhausted.class);
            assertThat(r.refusal().headers()).containsEntry("X-Pura-Budget-Remaining", "0");
        });
        assertThat(rejected).containsExactly("budget_exhausted");
        assertThat(upstreamCalls.get()).isZero();
    }

    @Test
    void shouldOfferAFundingInvoiceToAKeyWithoutFreeRequestsOrSats() {
        ChatPipeline pipeline = pipeline(new Budgets(Clock.systemUTC(), 0, new SatsRate(100_000_000)));

        Outcome outcome = pipeline.serve(caller(key(1_000_000_000L), null), chat(BODY), System.nanoTime(), null);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Refused.class, r -> assertThat(r.refusal())
                .isInstanceOfSatisfying(Refusal.PaymentRequired.class, p -> {
                    assertThat(p.code()).isEqualTo("free_tier_exceeded");
                    assertThat(p.extra()).containsEntry("funding", Map.of("key", "key-pipeline",
                            "pay", "https://gw.example/api/wallet"));
                }));
        assertThat(rejected).containsExactly("free_tier_exceeded");
        assertThat(upstreamCalls.get()).isZero();
    }

    // the harness

    private ChatPipeline pipeline(Budgets budgets) {
        Map<ProviderId, Provider> all = new EnumMap<>(ProviderId.class);
        for (ProviderId id : ProviderId.values()) {
            all.put(id, new Answering(id));
        }
        Providers providers = new Providers(all);
        ProviderHealth health = new ProviderHealth(providers, 5, Duration.ofSeconds(30), Clock.systemUTC());
        Routing routing = new Routing(new Router(ModelCatalog.load(), new QualityTable(), new WeightTable(),
                RouterConfig.defaults()), health);
        Observer observer = new Observer() {
            @Override
            public void onCompleted(RequestCompleted event) {
                completed.add(event);
            }

            @Override
            public void onRejected(String code) {
                rejected.add(code);
            }
        };
        return new ChatPipeline(new ChatPipeline.Services(routing, providers, health, metering, budgets,
                (keyId, baseUrl) -> Map.of("funding", Map.of("key", keyId, "pay", baseUrl + "/api/wallet")),
                events, Clock.systemUTC(), observer));
    }

    private static ChatPipeline.Caller caller(ApiKey key, String byok) {
        return new ChatPipeline.Caller(key, byok, "https://gw.example");
    }

    private static ApiKey key(long dailyBudgetNanoUsd) {
        return new ApiKey("key-pipeline", "0".repeat(64), "pura_test", "pipeline", dailyBudgetNanoUsd, false);
    }

    private static ChatRequest chat(String body) {
        return ChatRequestParser.parse(body.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Answers every request with a fixed text. */
    private final class Answering implements Provider {
        private final ProviderId id;

        Answering(ProviderId id) {
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
        public ChatResult chat(UpstreamRequest request) {
            upstreamCalls.incrementAndGet();
            ObjectNode completion = Json.mapper().createObjectNode();
            completion.put("id", "chatcmpl-test").put("object", "chat.completion").put("model", request.model());
            ObjectNode choice = completion.putArray("choices").addObject();
            choice.put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", "Hello.");
            return new ChatResult(completion, "Hello.", "stop", null);
        }

        @Override
        public ChatResult stream(UpstreamRequest request, ChunkSink sink) {
            throw new AssertionError("not streamed here");
        }
    }
}
