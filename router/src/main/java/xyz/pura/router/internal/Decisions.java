package xyz.pura.router.internal;

import java.util.Arrays;
import java.util.List;
import xyz.pura.events.Tier;
import xyz.pura.router.CatalogModel;
import xyz.pura.router.ComplexityFeatures;
import xyz.pura.router.RoutingDecision;
import xyz.pura.router.RoutingDecision.Candidate;
import xyz.pura.router.RoutingDecision.Target;

/** Assembles {@link RoutingDecision}s and their one-line reasons. */
public final class Decisions {
    private Decisions() {
    }

    /** An automatic decision for candidate {@code chosen} of {@code w}. */
    public static RoutingDecision auto(Weighing w, int chosen, boolean explored, double explorationRate,
                                       Tier scored, Tier wanted, double score, ComplexityFeatures f, String bias) {
        Candidate[] candidates = new Candidate[w.n];
        for (int i = 0; i < w.n; i++) {
            candidates[i] = new Candidate(w.ids[i], w.models[i].id(), w.quality[i], w.share[i], w.boosted[i],
                    w.weight[i], w.probability(i));
        }
        CatalogModel model = w.models[chosen];
        String reason = scored.wireName() + " by complexity " + round(score) + " (mostly " + ComplexityPoints.topFeature(f) + ")"
                + (bias == null ? "" : "; quality " + bias + " -> " + wanted.wireName())
                + (w.tier == wanted ? "" : "; no " + wanted.wireName() + " provider available, widened to " + w.tier.wireName())
                + (explored
                    ? "; explored " + model.id() + " (exploration " + percent(explorationRate) + (w.degraded ? ", a provider is degraded" : "")
                        + "); best was " + w.models[w.top].id()
                    : "; chose " + model.id() + " at p=" + round2(w.probability(chosen)) + " of " + w.n + " candidate" + (w.n == 1 ? "" : "s"))
                + (w.weightsUsable ? "" : "; pool weights stale or missing, counted equal")
                + (w.preferNote == null ? "" : "; prefer " + w.preferNote);
        return new RoutingDecision(model.provider(), model.id(), w.tier, scored, score, f, bias, explored, false,
                List.of(candidates), fallbacks(w, chosen), reason, w.preferNote);
    }

    /** A decision for a model the caller named. */
    public static RoutingDecision explicit(CatalogModel model, boolean listed, Tier scored, double score, ComplexityFeatures f,
                                           boolean prefer) {
        String note = prefer ? "not_applicable: the request names its model" : null;
        String reason = "explicit model " + model.id() + " -> " + model.provider().wireName()
                + (listed ? " (catalog tier " + model.tier().wireName() + ")" : " (by name prefix; not in the catalog, tier mid)")
                + (note == null ? "" : "; prefer " + note);
        return new RoutingDecision(model.provider(), model.id(), model.tier(), scored, score, f, null, false, true,
                List.of(), List.of(), reason, note);
    }

    /** The other candidates by falling weight (ties in tier order). */
    private static List<Target> fallbacks(Weighing w, int chosen) {
        if (w.n == 1) {
            return List.of();
        }
        Target[] out = new Target[w.n - 1];
        boolean[] used = new boolean[w.n];
        used[chosen] = true;
        for (int k = 0; k < out.length; k++) {
            int best = -1;
            for (int i = 0; i < w.n; i++) {
                if (!used[i] && (best < 0 || w.weight[i] > w.weight[best])) {
                    best = i;
                }
            }
            used[best] = true;
            out[k] = new Target(w.ids[best], w.models[best].id());
        }
        return Arrays.asList(out);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String percent(double rate) {
        return Math.round(rate * 1000) / 10.0 + "%";
    }
}
