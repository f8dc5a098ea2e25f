package xyz.pura.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import xyz.pura.events.Json;
import xyz.pura.events.ProviderId;
import xyz.pura.events.WeightUpdated;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.ChatRequestParser;
import xyz.pura.router.ModelCatalog;
import xyz.pura.router.QualityTable;
import xyz.pura.router.RouteContext;
import xyz.pura.router.Router;
import xyz.pura.router.RouterConfig;
import xyz.pura.router.WeightTable;

/** The router's choice between two providers of equal quality follows the units the oracle publishes. */
class RouterFollowsUnitsTest {
    private static final int DECISIONS = 2_000;
    private final FakePool pool = new FakePool(Fixtures.CHAIN_ID);
    private final InMemoryPublisher published = new InMemoryPublisher();
    private final WeightTable weights = new WeightTable();
    private final QualityTable quality = new QualityTable();
    private final ChainOracle oracle = new ChainOracle(Fixtures.config("http://127.0.0.1:1", Fixtures.CHAIN_ID,
            PoolKind.GDA, ChainOracleConfig.DEFAULT_POOL_ADDRESS, Duration.ofMinutes(15)), pool, published,
            Clock.systemUTC());
    private int fed;

    /** What the ingress does with each pura.weights record. */
    private void feed() {
        for (WeightUpdated e : published.events().subList(fed, published.events().size())) {
            ProviderId p = e.providerId().orElseThrow();
            if (e.stale()) {
                weights.markStale(p);
            } else {
                weights.update(p, e.units(), e.totalUnits(), e.observedAt());
            }
            fed++;
        }
    }

    private Map<ProviderId, Integer> route(long seed) {
        Router router = new Router(ModelCatalog.load(), quality, weights, RouterConfig.defaults().withSeed(seed));
        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("messages").addObject().put("role", "user").put("content", "Hello");
        ChatRequest request = ChatRequestParser.parse(body, false);
        Map<ProviderId, Integer> counts = new EnumMap<>(ProviderId.class);
        for (int i = 0; i < DECISIONS; i++) {
            counts.merge(router.decide(request, RouteContext.of(ProviderId.GROQ, ProviderId.GEMINI)).provider(), 1,
                    Integer::sum);
        }
        return counts;
    }

    @Test
    void shouldSendMoreRequestsToTheProviderWithMoreUnits() {
        // Given groq and gemini of equal quality, groq with 900 units and gemini with 100 on chain
        quality.update(ProviderId.GROQ, 0.99, 400, 800, Instant.now());
        quality.update(ProviderId.GEMINI, 0.99, 400, 800, Instant.now());
        pool.set(ProviderId.GROQ, 900).set(ProviderId.GEMINI, 100);
        oracle.pollOnce();
        feed();

        // When 2,000 seeded cheap requests are routed
        Map<ProviderId, Integer> first = route(7);

        // Then groq wins most of them
        assertThat(first.get(ProviderId.GROQ)).isGreaterThan(4 * first.get(ProviderId.GEMINI));

        // When the units flip on chain and the oracle publishes them
        pool.set(ProviderId.GROQ, 100).set(ProviderId.GEMINI, 900);
        oracle.pollOnce();
        feed();
        Map<ProviderId, Integer> flipped = route(7);

        // Then gemini wins most of them
        assertThat(flipped.get(ProviderId.GEMINI)).isGreaterThan(4 * flipped.get(ProviderId.GROQ));
    }

    @Test
    void shouldTreatProvidersAsEqualOnceTheWeightsAreStale() {
        // Given published weights 900 / 100, then re-published as stale
        pool.set(ProviderId.GROQ, 900).set(ProviderId.GEMINI, 100);
        oracle.pollOnce();
        published.events().forEach(e -> published.publish(e.asStale(Instant.now())));
        feed();

        // When 2,000 seeded cheap requests are routed
        Map<ProviderId, Integer> counts = route(11);

        // Then both get about half
        assertThat(counts.get(ProviderId.GROQ)).isBetween(DECISIONS * 4 / 10, DECISIONS * 6 / 10);
        assertThat(counts.get(ProviderId.GEMINI)).isBetween(DECISIONS * 4 / 10, DECISIONS * 6 / 10);
    }
}
