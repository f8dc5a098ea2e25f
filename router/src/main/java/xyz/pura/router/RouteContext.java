package xyz.pura.router;

import java.util.EnumSet;
import java.util.Set;
import xyz.pura.events.ProviderId;

/**
 * Per-request facts the router cannot know by itself.
 *
 * @param available providers that are configured and whose circuit is not open
 */
public record RouteContext(Set<ProviderId> available) {
    private static final RouteContext ALL = new RouteContext(EnumSet.allOf(ProviderId.class));

    public RouteContext {
        available = java.util.Collections.unmodifiableSet(available.isEmpty()
                ? EnumSet.noneOf(ProviderId.class) : EnumSet.copyOf(available));
    }

    /** Every provider available. */
    public static RouteContext all() {
        return ALL;
    }

    public static RouteContext of(ProviderId... providers) {
        return new RouteContext(providers.length == 0 ? Set.of() : EnumSet.of(providers[0], providers));
    }

    public boolean isAvailable(ProviderId provider) {
        return available.contains(provider);
    }
}
