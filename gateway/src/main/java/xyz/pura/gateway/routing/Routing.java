package xyz.pura.gateway.routing;

import java.util.EnumSet;
import java.util.Set;
import xyz.pura.events.ProviderId;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;
import xyz.pura.gateway.health.ProviderHealth;
import xyz.pura.router.NoProviderAvailableException;
import xyz.pura.router.RouteContext;
import xyz.pura.router.Router;
import xyz.pura.router.RoutingDecision;

/** The ingress's use of the router: which providers it may pick from now, and the 503 when none. */
public final class Routing {
    private final Router router;
    private final ProviderHealth health;

    public Routing(Router router, ProviderHealth health) {
        this.router = router;
        this.health = health;
    }

    /**
     * @param byok whether the caller brings its own provider key: then every provider is eligible, unconfigured
     *     ones too (the caller's key pays) and whatever its circuit (the shared circuit measures the provider
     *     through the gateway's keys, not the caller's: see {@code Exchange})
     */
    public RoutingDecision decide(ChatRequest request, boolean byok) {
        Set<ProviderId> available = byok ? EnumSet.allOf(ProviderId.class) : health.available();
        try {
            return router.decide(request, new RouteContext(available));
        } catch (NoProviderAvailableException e) {
            throw new Refused(new Refusal.Unavailable("no_provider_available", e.getMessage()));
        }
    }

    public Router router() {
        return router;
    }
}
