package xyz.pura.ingress.internal;

import java.util.ArrayList;
import java.util.List;
import xyz.pura.router.RoutingDecision;

/** The order in which a request's upstreams are tried. */
final class Plans {
    private Plans() {
    }

    /** The chosen target, retried once; then the decision's fallbacks (none with BYOK: the caller's key is for one provider). */
    static List<RoutingDecision.Target> of(RoutingDecision route, boolean byok) {
        RoutingDecision.Target first = new RoutingDecision.Target(route.provider(), route.model());
        List<RoutingDecision.Target> plan = new ArrayList<>(2 + route.fallbacks().size());
        plan.add(first);
        plan.add(first);
        if (!byok) {
            plan.addAll(route.fallbacks());
        }
        return plan;
    }
}
