package xyz.pura.router;

import java.time.Clock;
import java.util.Set;
import xyz.pura.events.Tier;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.InvalidRequestException;
import xyz.pura.router.internal.ComplexityPoints;
import xyz.pura.router.internal.ComplexityScorer;
import xyz.pura.router.internal.Decisions;
import xyz.pura.router.internal.Dice;
import xyz.pura.router.internal.Needs;
import xyz.pura.router.internal.Selector;
import xyz.pura.router.internal.Weighing;

/**
 * Decides where a chat request goes: complexity tier, quality bias, candidates of the tier, weighted
 * choice with a little exploration (policy: ROUTING.md). Pure and in-memory: it reads the
 * {@link QualityTable} and {@link WeightTable} its owner feeds, never blocks, and is thread-safe.
 */
public final class Router {
    private final ModelCatalog catalog;
    private final ComplexityScorer scorer;
    private final Selector selector;
    private final RouterConfig config;
    private final Dice dice;

    public Router(ModelCatalog catalog, QualityTable quality, WeightTable weights, RouterConfig config) {
        this(catalog, quality, weights, config, Clock.systemUTC());
    }

    /** @param clock decides when pool weights are too old ({@link RouterConfig#weightMaxAge()}) */
    public Router(ModelCatalog catalog, QualityTable quality, WeightTable weights, RouterConfig config, Clock clock) {
        this.catalog = catalog;
        this.config = config;
        this.scorer = new ComplexityScorer(config.cheapBelow(), config.premiumFrom());
        this.selector = new Selector(catalog, quality, weights, config, clock);
        this.dice = new Dice(config.seed());
    }

    /**
     * The decision for one request.
     *
     * @throws xyz.pura.events.chat.InvalidRequestException for a model name no prefix matches (400 model_not_found)
     * @throws NoProviderAvailableException when no available provider can serve it (503)
     */
    public RoutingDecision decide(ChatRequest request, RouteContext context) {
        ComplexityFeatures features = scorer.features(request);
        Set<Capability> needs = Needs.of(request);
        double score = scorer.score(features);
        Tier scored = scorer.tier(score);
        if (request.model() != null) {
            CatalogModel model = catalog.resolve(request.model());
            if (!context.isAvailable(model.provider())) {
                throw new NoProviderAvailableException(model.tier(), "The model '" + request.model() + "' is served by "
                        + model.provider().wireName() + ", which is not available now (not configured or failing).");
            }
            for (Capability need : needs) {
                if (!model.takes().contains(need)) {
                    throw new InvalidRequestException("The model '" + request.model() + "' does not take " + need.what()
                            + " through this gateway; use \"auto\" or a model that does (see GET /v1/models).",
                            need.param(), "unsupported_feature");
                }
            }
            return Decisions.explicit(model, catalog.find(model.id()).isPresent(), scored, score, features,
                    request.routing().prefer() != null);
        }
        String bias = request.routing().quality();
        Tier wanted = bias == null ? scored : "high".equals(bias) ? scored.up() : scored.down();
        Weighing weighing = selector.weigh(wanted, features, needs, request.routing().prefer(), context);
        double rate = selector.explorationRate(weighing);
        boolean explore = selector.canExplore(weighing) && dice.next() < rate;
        int chosen = explore ? selector.explore(weighing, dice.next()) : selector.draw(weighing, dice.next());
        return Decisions.auto(weighing, chosen, explore, rate, scored, wanted, score, features, bias);
    }

    /** The catalog this router routes over. */
    public ModelCatalog catalog() {
        return catalog;
    }

    public RouterConfig config() {
        return config;
    }

    /** Each feature's points in a complexity score (non-zero ones only, by name), for explanations. */
    public static java.util.Map<String, Double> contributions(ComplexityFeatures features) {
        return ComplexityPoints.contributions(features);
    }
}
