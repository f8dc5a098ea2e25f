package xyz.pura.router;

import java.util.List;
import xyz.pura.events.ProviderId;
import xyz.pura.events.Tier;

/**
 * The router's choice for one request, with everything needed to explain it ({@code POST /v1/route})
 * and to fail over.
 *
 * @param provider where the request goes
 * @param model the model sent upstream ({@code X-Pura-Model})
 * @param tier the tier served ({@code X-Pura-Tier}); differs from the biased tier only when widened
 * @param scoredTier the tier the complexity score alone gives
 * @param score the complexity score
 * @param qualityBias "high" or "low" when {@code routing.quality} moved the tier, else null ({@code X-Pura-Quality})
 * @param explored whether this was an exploration pick ({@code X-Pura-Explored})
 * @param explicitModel whether the caller named the model (no automatic choice, no cross-provider fallback)
 * @param candidates every provider considered, in tier order; empty for an explicit model
 * @param fallbacks the other candidates to try, best first, if the chosen one fails
 * @param reason one line for humans
 * @param prefer what became of {@code routing.prefer} ({@code X-Pura-Prefer}): {@code applied}, {@code joined: ...}
 *     or {@code not_applicable: why}; null when the request has no prefer
 */
public record RoutingDecision(ProviderId provider, String model, Tier tier, Tier scoredTier, double score,
                              ComplexityFeatures features, String qualityBias, boolean explored, boolean explicitModel,
                              List<Candidate> candidates, List<Target> fallbacks, String reason, String prefer) {

    /** A decision without a prefer hint. */
    public RoutingDecision(ProviderId provider, String model, Tier tier, Tier scoredTier, double score,
                           ComplexityFeatures features, String qualityBias, boolean explored, boolean explicitModel,
                           List<Candidate> candidates, List<Target> fallbacks, String reason) {
        this(provider, model, tier, scoredTier, score, features, qualityBias, explored, explicitModel, candidates,
                fallbacks, reason, null);
    }

    /**
     * One provider the router weighed.
     *
     * @param quality the provider's quality score (0..1; neutral when unmeasured)
     * @param poolShare its share of the candidates' pool units (equal shares when weights are stale or missing)
     * @param preferred whether {@code routing.prefer} boosted it
     * @param weight its final selection weight (quality, then pool share within its equal-standing group, then boost)
     * @param probability weight / sum of weights: its chance when the router does not explore
     */
    public record Candidate(ProviderId provider, String model, double quality, double poolShare, boolean preferred,
                            double weight, double probability) {
    }

    /** A provider and the model to send it. */
    public record Target(ProviderId provider, String model) {
    }
}
