package xyz.pura.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;

class ExplorationTest {
    private final QualityTable quality = new QualityTable();

    private double exploredFraction(Router router, int n) {
        int explored = 0;
        for (int i = 0; i < n; i++) {
            RoutingDecision d = router.decide(Requests.user("Hello"), RouteContext.all());
            if (d.explored()) {
                explored++;
                ProviderId top = d.candidates().stream().max((a, b) -> Double.compare(a.weight(), b.weight())).orElseThrow().provider();
                assertThat(d.provider()).isNotEqualTo(top);
                assertThat(d.reason()).contains("explored");
            }
        }
        return (double) explored / n;
    }

    @Test
    void shouldExploreAtTheConfiguredRateOverTenThousandSeededDecisions() {
        Router router = new Router(ModelCatalog.load(), quality, new WeightTable(), RouterConfig.defaults().withSeed(42));

        double rate = exploredFraction(router, 10_000);

        System.out.printf("explored %.2f%% of 10,000 decisions (configured 5%%)%n", rate * 100);
        assertThat(rate).isCloseTo(0.05, within(0.01));
    }

    @Test
    void shouldExploreMoreWhenAProviderIsDegraded() {
        quality.update(ProviderId.GEMINI, 0.70, 800, 2000, Instant.now());
        Router router = new Router(ModelCatalog.load(), quality, new WeightTable(), RouterConfig.defaults().withSeed(43));

        double rate = exploredFraction(router, 10_000);

        System.out.printf("explored %.2f%% of 10,000 decisions with a degraded provider (configured 10%%)%n", rate * 100);
        assertThat(rate).isCloseTo(0.10, within(0.01));
    }

    @Test
    void shouldReplayTheSameDecisionsWithTheSameSeed() {
        Router a = new Router(ModelCatalog.load(), quality, new WeightTable(), RouterConfig.defaults().withSeed(99));
        Router b = new Router(ModelCatalog.load(), quality, new WeightTable(), RouterConfig.defaults().withSeed(99));

        for (int i = 0; i < 200; i++) {
            assertThat(a.decide(Requests.user("Hello"), RouteContext.all()))
                    .isEqualTo(b.decide(Requests.user("Hello"), RouteContext.all()));
        }
    }
}
