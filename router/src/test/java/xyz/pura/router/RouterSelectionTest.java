package xyz.pura.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;
import xyz.pura.events.Tier;
import xyz.pura.events.chat.ChatRequest;

class RouterSelectionTest {
    private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");
    private final QualityTable quality = new QualityTable();
    private final WeightTable weights = new WeightTable();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private Router router(RouterConfig config) {
        return new Router(ModelCatalog.load(), quality, weights, config, clock);
    }

    private Map<ProviderId, Integer> shares(Router router, ChatRequest request, RouteContext context, int n) {
        Map<ProviderId, Integer> counts = new EnumMap<>(ProviderId.class);
        for (int i = 0; i < n; i++) {
            counts.merge(router.decide(request, context).provider(), 1, Integer::sum);
        }
        return counts;
    }

    private void allHealthy() {
        for (ProviderId p : ProviderId.values()) {
            quality.update(p, 0.99, 500, 900, NOW);
        }
    }

    @Test
    void shouldRaiseThePreferredProvidersShareWithoutForcingIt() {
        // Given equal quality in the premium tier
        allHealthy();
        ChatRequest plain = Requests.user(Requests.premiumText());
        ChatRequest preferring = Requests.user(Requests.premiumText(), null, "anthropic");

        // When 2,000 seeded decisions are made with and without prefer
        int before = shares(router(RouterConfig.defaults().withSeed(1)), plain, RouteContext.all(), 2000)
                .getOrDefault(ProviderId.ANTHROPIC, 0);
        int after = shares(router(RouterConfig.defaults().withSeed(1)), preferring, RouteContext.all(), 2000)
                .getOrDefault(ProviderId.ANTHROPIC, 0);

        // Then anthropic's share rises measurably but stays below 100 %
        assertThat(after - before).isGreaterThan(200);
        assertThat(after).isLessThan(2000);
    }

    @Test
    void shouldNotSendToAPreferredProviderThatIsUnavailable() {
        Map<ProviderId, Integer> counts = shares(router(RouterConfig.defaults().withSeed(2)),
                Requests.user(Requests.premiumText(), null, "anthropic"), RouteContext.of(ProviderId.OPENAI, ProviderId.GEMINI), 500);

        assertThat(counts).doesNotContainKey(ProviderId.ANTHROPIC);
    }

    @Test
    void shouldGiveMoreTrafficToTheProviderWithMorePoolUnitsWhenQualityIsEqual() {
        // Given equal quality and fresh pool weights groq 600, gemini 300 (openai 100) of 1000
        allHealthy();
        weights.update(ProviderId.GROQ, 600, 1000, NOW);
        weights.update(ProviderId.GEMINI, 300, 1000, NOW);
        weights.update(ProviderId.OPENAI, 100, 1000, NOW);

        // When 2,000 cheap requests are routed
        Router router = router(RouterConfig.defaults().withSeed(3));
        Map<ProviderId, Integer> counts = shares(router, Requests.user("Hello"), RouteContext.all(), 2000);
        RoutingDecision one = router.decide(Requests.user("Hello"), RouteContext.all());

        // Then groq (600 units) wins more than gemini (300); openai is not a cheap-tier candidate
        assertThat(counts.get(ProviderId.GROQ)).isGreaterThan(counts.get(ProviderId.GEMINI));
        assertThat(counts).doesNotContainKey(ProviderId.OPENAI);
        assertThat(one.candidates().get(0).poolShare()).isCloseTo(600.0 / 900, within(1e-9));
    }

    @Test
    void shouldNeverLetPoolUnitsLiftAProviderAboveABetterOne() {
        // Given groq holds most units but its latency is much worse than gemini's
        allHealthy();
        quality.update(ProviderId.GROQ, 0.99, 3000, 6000, NOW);
        weights.update(ProviderId.GROQ, 900, 1000, NOW);
        weights.update(ProviderId.GEMINI, 50, 1000, NOW);
        weights.update(ProviderId.OPENAI, 50, 1000, NOW);

        // When cheap requests are routed
        Map<ProviderId, Integer> counts = shares(router(RouterConfig.defaults().withSeed(4)), Requests.user("Hello"), RouteContext.all(), 2000);

        // Then the better-quality providers get more than groq
        assertThat(counts.get(ProviderId.GEMINI)).isGreaterThan(counts.getOrDefault(ProviderId.GROQ, 0));
    }

    @Test
    void shouldMoveTrafficAwayFromAProviderWhoseSuccessRateDrops() {
        // Given healthy providers
        allHealthy();
        int healthy = shares(router(RouterConfig.defaults().withSeed(5)), Requests.user(Requests.midText()), RouteContext.all(), 2000)
                .getOrDefault(ProviderId.GROQ, 0);

        // When groq's 1 h success rate drops to 80 %
        quality.update(ProviderId.GROQ, 0.80, 500, 900, NOW);
        int degraded = shares(router(RouterConfig.defaults().withSeed(5)), Requests.user(Requests.midText()), RouteContext.all(), 2000)
                .getOrDefault(ProviderId.GROQ, 0);

        // Then groq gets much less traffic (exploration still sends it a little)
        assertThat(degraded).isLessThan(healthy / 2);
        assertThat(degraded).isPositive();
    }

    @Test
    void shouldCountStaleOrOldWeightsAsEqual() {
        allHealthy();
        weights.update(ProviderId.GROQ, 600, 1000, NOW);
        weights.update(ProviderId.GEMINI, 300, 1000, NOW);
        weights.update(ProviderId.OPENAI, 100, 1000, NOW.minus(Duration.ofHours(1)));

        RoutingDecision d = router(RouterConfig.defaults().withSeed(6)).decide(Requests.user(Requests.midText()), RouteContext.all());

        assertThat(d.candidates()).hasSize(4).allSatisfy(c -> {
            assertThat(c.poolShare()).isCloseTo(1.0 / 4, within(1e-9));
            assertThat(c.probability()).isCloseTo(1.0 / 4, within(1e-9));
        });
        assertThat(d.reason()).contains("pool weights stale or missing");

        weights.update(ProviderId.OPENAI, 100, 1000, NOW);
        weights.markStale(ProviderId.GROQ);
        RoutingDecision stale = router(RouterConfig.defaults().withSeed(6)).decide(Requests.user(Requests.midText()), RouteContext.all());
        assertThat(stale.candidates()).allSatisfy(c -> assertThat(c.poolShare()).isCloseTo(1.0 / 4, within(1e-9)));
    }

    @Test
    void shouldNeverChooseAnUnavailableProvider() {
        Router router = router(RouterConfig.defaults().withSeed(8).withExplorationRates(0.5, 0.5));
        RouteContext noGroqNoOpenAi = RouteContext.of(ProviderId.GEMINI, ProviderId.ANTHROPIC);

        for (int i = 0; i < 2000; i++) {
            RoutingDecision d = router.decide(Requests.user(i % 2 == 0 ? "Hello" : Requests.premiumText()), noGroqNoOpenAi);
            assertThat(d.provider()).isIn(ProviderId.GEMINI, ProviderId.ANTHROPIC);
            assertThat(d.fallbacks()).allSatisfy(f -> assertThat(f.provider()).isIn(ProviderId.GEMINI, ProviderId.ANTHROPIC));
        }
    }

    @Test
    void shouldWidenToTheNextTierWhenTheTierHasNoAvailableProviderAndSayHow() {
        RoutingDecision d = router(RouterConfig.defaults().withSeed(9)).decide(Requests.user(Requests.premiumText()),
                RouteContext.of(ProviderId.GROQ));

        assertThat(d.scoredTier()).isEqualTo(Tier.PREMIUM);
        assertThat(d.tier()).isEqualTo(Tier.MID);
        assertThat(d.model()).isEqualTo("llama-3.3-70b-versatile");
        assertThat(d.reason()).contains("widened to mid");
    }

    @Test
    void shouldThrowWhenNoProviderIsAvailableAtAll() {
        assertThatThrownBy(() -> router(RouterConfig.defaults()).decide(Requests.user("Hello"), new RouteContext(java.util.Set.of())))
                .isInstanceOf(NoProviderAvailableException.class);
    }

    @Test
    void shouldListTheOtherCandidatesOfTheTierAsFallbacksBestFirst() {
        allHealthy();
        quality.update(ProviderId.GEMINI, 0.95, 700, 2000, NOW);
        RoutingDecision d = router(RouterConfig.defaults().withSeed(10).withExplorationRates(0, 0))
                .decide(Requests.user(Requests.midText()), RouteContext.all());

        assertThat(d.fallbacks()).hasSize(3).noneMatch(f -> f.provider() == d.provider());
        assertThat(d.fallbacks().get(d.fallbacks().size() - 1).provider()).isEqualTo(ProviderId.GEMINI);
    }
}
