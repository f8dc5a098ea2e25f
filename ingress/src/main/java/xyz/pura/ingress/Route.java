package xyz.pura.ingress;

import java.util.List;
import xyz.pura.events.ProviderId;
import xyz.pura.events.Tier;

/**
 * Where a request goes, as the ingress needs it.
 *
 * @param qualityBias the routing.quality hint applied ("high"/"low"), or null
 * @param fallbacks other (provider, model) of the same tier to try, in order, if the first fails
 */
public record Route(ProviderId provider, String model, Tier tier, String reason, boolean explored, String qualityBias,
                    List<Target> fallbacks) {

    public record Target(ProviderId provider, String model) {
    }
}
