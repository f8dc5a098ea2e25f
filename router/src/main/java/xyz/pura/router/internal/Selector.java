package xyz.pura.router.internal;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import xyz.pura.events.chat.InvalidRequestException;
import xyz.pura.events.ProviderId;
import xyz.pura.events.Tier;
import xyz.pura.router.Capability;
import xyz.pura.router.CatalogModel;
import xyz.pura.router.ComplexityFeatures;
import xyz.pura.router.ModelCatalog;
import xyz.pura.router.NoProviderAvailableException;
import xyz.pura.router.PoolWeight;
import xyz.pura.router.ProviderQuality;
import xyz.pura.router.QualityTable;
import xyz.pura.router.RouteContext;
import xyz.pura.router.RouterConfig;
import xyz.pura.router.WeightTable;

/** Finds the candidates of a tier (widening when needed) and weighs them; the policy is in ROUTING.md. */
public final class Selector {
    private static final int MAX = ProviderId.values().length;

    private final ModelCatalog catalog;
    private final QualityTable quality;
    private final WeightTable weights;
    private final RouterConfig config;
    private final Clock clock;
    private final long maxAgeMillis;

    public Selector(ModelCatalog catalog, QualityTable quality, WeightTable weights, RouterConfig config, Clock clock) {
        this.catalog = catalog;
        this.quality = quality;
        this.weights = weights;
        this.config = config;
        this.clock = clock;
        this.maxAgeMillis = config.weightMaxAge().toMillis();
    }

    /** The weighed candidates of {@code wanted}, or of the nearest tier that has any. */
    public Weighing weigh(Tier wanted, ComplexityFeatures f, Set<Capability> needs, ProviderId prefer,
                          RouteContext context) {
        Weighing out = new Weighing(MAX);
        for (Tier tier : TierWidening.order(wanted)) {
            collect(tier, f, needs, context, out);
            if (out.n > 0) {
                out.tier = tier;
                break;
            }
        }
        if (out.n == 0 && !needs.isEmpty()) {
            refuseUnservable(f, needs, context);
        }
        if (out.n == 0) {
            throw new NoProviderAvailableException(wanted, "No available provider can serve this request (tier "
                    + wanted.wireName() + ", also tried the other tiers); available: " + names(context));
        }
        out.preferNote = prefer == null ? null : applyPrefer(out, prefer, f, needs, context);
        qualityWeights(out);
        poolShares(out);
        Weighing.breakTies(out, config.tieEpsilon());
        for (int i = 0; i < out.n; i++) {
            if (out.ids[i] == prefer) {
                out.boosted[i] = true;
                out.weight[i] *= config.preferBoost();
            }
        }
        out.finish();
        return out;
    }

    /**
     * {@code routing.prefer} is never silently void. A preferred provider already among the candidates is boosted
     * (below). One that is not joins with its own default model of the same tier (a tier's provider list may leave it
     * out) or else of the tier one step away, when that model takes the request: a bounded extra cost (one tier, never two), and the boost then applies to it too.
     * Otherwise the hint cannot apply, and the note says why. The note goes to {@code X-Pura-Prefer} and the reason.
     */
    private String applyPrefer(Weighing out, ProviderId prefer, ComplexityFeatures f, Set<Capability> needs,
                               RouteContext context) {
        for (int i = 0; i < out.n; i++) {
            if (out.ids[i] == prefer) {
                return "applied";
            }
        }
        if (!context.isAvailable(prefer)) {
            return "not_applicable: " + prefer.wireName() + " is not available (not configured or failing)";
        }
        for (Tier tier : TierWidening.order(out.tier)) {
            if (Math.abs(tier.ordinal() - out.tier.ordinal()) > 1) {
                continue; // its own model of the same tier first (the tier's list may leave it out), then one step
            }
            CatalogModel m = catalog.defaultModel(prefer, tier);
            if (m != null && m.takesAll(needs) && m.fits(f.estimatedTokens(), f.maxOutputTokens())) {
                out.ids[out.n] = prefer;
                out.models[out.n] = m;
                out.n++;
                return "joined: " + m.id() + " from the " + tier.wireName() + " tier";
            }
        }
        return "not_applicable: " + prefer.wireName() + " has no model within one tier of " + out.tier.wireName()
                + " that takes this request";
    }

    /** The exploration probability: higher when any candidate is degraded. */
    public double explorationRate(Weighing w) {
        return w.degraded ? config.degradedExplorationRate() : config.explorationRate();
    }

    /** Exploring needs somebody other than the top candidate. */
    public boolean canExplore(Weighing w) {
        return w.n > 1;
    }

    /** A uniform pick among the non-top candidates; {@code u} uniform in [0, 1). */
    public int explore(Weighing w, double u) {
        return w.explore(u);
    }

    /** A pick in proportion to the weights; {@code u} uniform in [0, 1). */
    public int draw(Weighing w, double u) {
        return w.draw(u);
    }

    /**
     * Nothing available takes what the request needs, though something would take the request without it: a 400 that
     * names the first need no available model serves (not a 503: waiting will not help).
     */
    private void refuseUnservable(ComplexityFeatures f, Set<Capability> needs, RouteContext context) {
        Weighing probe = new Weighing(MAX);
        for (Capability need : needs) {
            boolean anyone = false;
            for (Tier tier : Tier.values()) {
                collect(tier, f, EnumSet.of(need), context, probe);
                anyone |= probe.n > 0;
            }
            if (!anyone) {
                throw new InvalidRequestException("No available model takes " + need.what() + " through this gateway; "
                        + "remove it, or set a provider key whose models do (see GET /v1/models).", need.param(),
                        "unsupported_feature");
            }
        }
        throw new InvalidRequestException("No available model takes all of " + needs.stream().map(Capability::what)
                .toList() + " at once.", needs.iterator().next().param(), "unsupported_feature");
    }

    private void collect(Tier tier, ComplexityFeatures f, Set<Capability> needs, RouteContext context, Weighing out) {
        List<ProviderId> order = catalog.tierOrder(tier);
        out.n = 0;
        for (int i = 0, size = order.size(); i < size; i++) {
            ProviderId p = order.get(i);
            if (!context.isAvailable(p)) {
                continue;
            }
            CatalogModel m = catalog.defaultModel(p, tier);
            if (!m.takesAll(needs) || !m.fits(f.estimatedTokens(), f.maxOutputTokens())) {
                continue;
            }
            out.ids[out.n] = p;
            out.models[out.n] = m;
            out.n++;
        }
    }

    private void qualityWeights(Weighing out) {
        double best = 0;
        for (int i = 0; i < out.n; i++) {
            ProviderQuality q = quality.get(out.ids[i]);
            out.quality[i] = q.score();
            best = Math.max(best, q.score());
            if (q.measured() && q.successRate() < config.degradedSuccessRate()) {
                out.degraded = true;
            }
        }
        for (int i = 0; i < out.n; i++) {
            out.weight[i] = Math.exp(-(best - out.quality[i]) / config.temperature());
        }
    }

    private void poolShares(Weighing out) {
        long now = clock.millis();
        double sum = 0;
        for (int i = 0; i < out.n; i++) {
            PoolWeight w = weights.get(out.ids[i]);
            if (w == null || !w.usableAt(now, maxAgeMillis)) {
                out.weightsUsable = false;
                break;
            }
            out.share[i] = w.share();
            sum += out.share[i];
        }
        if (!out.weightsUsable || sum <= 0) {
            out.weightsUsable = false;
            for (int i = 0; i < out.n; i++) {
                out.share[i] = 1.0 / out.n;
            }
        } else {
            for (int i = 0; i < out.n; i++) {
                out.share[i] /= sum;
            }
        }
    }

    private static String names(RouteContext context) {
        return context.available().isEmpty() ? "none" : context.available().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
