package xyz.pura.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;
import xyz.pura.events.Tier;
import xyz.pura.events.chat.InvalidRequestException;

class RouterTierTest {
    private final Router router = new Router(ModelCatalog.load(), new QualityTable(), new WeightTable(),
            RouterConfig.defaults().withSeed(7));

    @Test
    void shouldSendHelloToTheCheapTierOnGroqOrGemini() {
        RoutingDecision d = router.decide(Requests.user("Hello"), RouteContext.all());

        assertThat(d.tier()).isEqualTo(Tier.CHEAP);
        if (!d.explored()) {
            assertThat(d.provider()).isIn(ProviderId.GROQ, ProviderId.GEMINI);
        }
        assertThat(d.candidates()).extracting(RoutingDecision.Candidate::provider)
                .containsExactly(ProviderId.GROQ, ProviderId.GEMINI);
    }

    @Test
    void shouldSendMostHelloTrafficToGroqOrGeminiWhenQualityIsEqual() {
        int groqOrGemini = 0;
        for (int i = 0; i < 1000; i++) {
            ProviderId p = router.decide(Requests.user("Hello"), RouteContext.all()).provider();
            groqOrGemini += p == ProviderId.GROQ || p == ProviderId.GEMINI ? 1 : 0;
        }
        assertThat(groqOrGemini).isGreaterThan(600);
    }

    @Test
    void shouldSendALongStepByStepCodeAnalysisToPremium() {
        RoutingDecision d = router.decide(Requests.user(Requests.premiumText()), RouteContext.of(ProviderId.ANTHROPIC, ProviderId.OPENAI));

        assertThat(d.tier()).isEqualTo(Tier.PREMIUM);
        assertThat(d.provider()).isIn(ProviderId.ANTHROPIC, ProviderId.OPENAI);
        assertThat(d.features().codeBlocks()).isEqualTo(1);
        assertThat(d.features().strongReasoning()).isPositive();
    }

    @Test
    void shouldMoveAMidRequestToPremiumWhenQualityIsHighAndToCheapWhenLow() {
        assertThat(router.decide(Requests.user(Requests.midText()), RouteContext.all()).tier()).isEqualTo(Tier.MID);

        RoutingDecision high = router.decide(Requests.user(Requests.midText(), "high", null), RouteContext.all());
        RoutingDecision low = router.decide(Requests.user(Requests.midText(), "low", null), RouteContext.all());

        assertThat(high.tier()).isEqualTo(Tier.PREMIUM);
        assertThat(high.scoredTier()).isEqualTo(Tier.MID);
        assertThat(high.qualityBias()).isEqualTo("high");
        assertThat(low.tier()).isEqualTo(Tier.CHEAP);
        assertThat(low.qualityBias()).isEqualTo("low");
        assertThat(high.reason()).contains("quality high -> premium");
    }

    @Test
    void shouldSendAnExplicitGpt4oToOpenAiWithThatModelAndNoFallbacks() {
        RoutingDecision d = router.decide(Requests.model("gpt-4o", "Hello"), RouteContext.all());

        assertThat(d.provider()).isEqualTo(ProviderId.OPENAI);
        assertThat(d.model()).isEqualTo("gpt-4o");
        assertThat(d.tier()).isEqualTo(Tier.MID);
        assertThat(d.explicitModel()).isTrue();
        assertThat(d.fallbacks()).isEmpty();
    }

    @Test
    void shouldRouteAnUnlistedModelByItsPrefixAtMidTier() {
        RoutingDecision d = router.decide(Requests.model("mixtral-8x22b", "Hello"), RouteContext.all());

        assertThat(d.provider()).isEqualTo(ProviderId.GROQ);
        assertThat(d.model()).isEqualTo("mixtral-8x22b");
        assertThat(d.tier()).isEqualTo(Tier.MID);
    }

    @Test
    void shouldNeverSendAChatToAnEmbeddingModel() {
        // given embedding model names, one of which matches Gemini's chat prefix
        for (String model : new String[]{"gemini-embedding-001", "text-embedding-3-small"}) {
            // when a chat names one, then it is refused naming the model, pointing at /v1/embeddings
            assertThatThrownBy(() -> router.decide(Requests.model(model, "Hello"), RouteContext.all()))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.param()).isEqualTo("model");
                        assertThat(e.getMessage()).contains("/v1/embeddings");
                    });
        }
        // and auto-routing never picks one: none is in the catalog
        assertThat(router.catalog().models()).noneMatch(m -> xyz.pura.events.embeddings.EmbeddingModels.isEmbeddingModel(m.id()));
    }

    @Test
    void shouldRejectAnUnknownModelNamingTheKnownPrefixes() {
        assertThatThrownBy(() -> router.decide(Requests.model("foo-1", "Hello"), RouteContext.all()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("model_not_found");
                    assertThat(e.param()).isEqualTo("model");
                    assertThat(e.getMessage()).contains("foo-1", "gpt*", "o*", "claude*", "llama*", "mixtral*", "gemma*", "gemini*");
                });
    }

    @Test
    void shouldRefuseAnExplicitModelWhoseProviderIsUnavailable() {
        assertThatThrownBy(() -> router.decide(Requests.model("claude-opus-4-1", "Hi"), RouteContext.of(ProviderId.OPENAI)))
                .isInstanceOf(NoProviderAvailableException.class);
    }
}
