package xyz.pura.router;

import xyz.pura.events.Tier;

/** No available provider can serve the request in any tier; the ingress answers 503. */
public final class NoProviderAvailableException extends RuntimeException {
    private final Tier tier;

    public NoProviderAvailableException(Tier tier, String message) {
        super(message, null, false, false);
        this.tier = tier;
    }

    /** The tier the request needed. */
    public Tier tier() {
        return tier;
    }
}
