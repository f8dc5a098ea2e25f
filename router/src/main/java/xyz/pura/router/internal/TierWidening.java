package xyz.pura.router.internal;

import xyz.pura.events.Tier;

/**
 * Where to look when a tier has no available candidate: nearest tier first; from mid, premium before
 * cheap (a request is never silently served worse when it can be served better).
 */
final class TierWidening {
    private TierWidening() {
    }

    private static final Tier[] FROM_CHEAP = {Tier.CHEAP, Tier.MID, Tier.PREMIUM};
    private static final Tier[] FROM_MID = {Tier.MID, Tier.PREMIUM, Tier.CHEAP};
    private static final Tier[] FROM_PREMIUM = {Tier.PREMIUM, Tier.MID, Tier.CHEAP};

    /** The tiers to try, the wanted one first. Callers must not modify the array. */
    static Tier[] order(Tier wanted) {
        return switch (wanted) {
            case CHEAP -> FROM_CHEAP;
            case MID -> FROM_MID;
            case PREMIUM -> FROM_PREMIUM;
        };
    }
}
