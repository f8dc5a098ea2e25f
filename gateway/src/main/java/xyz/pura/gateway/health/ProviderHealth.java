package xyz.pura.gateway.health;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import xyz.pura.events.ProviderId;
import xyz.pura.providers.Providers;

/** The circuit breakers of all providers, and the set the router may choose from. */
public final class ProviderHealth {
    private final Map<ProviderId, CircuitBreaker> breakers = new EnumMap<>(ProviderId.class);
    private final Providers providers;

    public ProviderHealth(Providers providers, int failureThreshold, Duration openFor, Clock clock) {
        this.providers = providers;
        for (ProviderId id : ProviderId.values()) {
            breakers.put(id, new CircuitBreaker(failureThreshold, openFor, clock));
        }
    }

    public CircuitBreaker breaker(ProviderId id) {
        return breakers.get(id);
    }

    /** Providers that are configured and whose breaker lets calls through. */
    public Set<ProviderId> available() {
        Set<ProviderId> out = EnumSet.noneOf(ProviderId.class);
        for (ProviderId id : ProviderId.values()) {
            if (configured(id) && breakers.get(id).available()) {
                out.add(id);
            }
        }
        return out;
    }

    public boolean configured(ProviderId id) {
        return providers.get(id) != null && providers.get(id).configured();
    }
}
