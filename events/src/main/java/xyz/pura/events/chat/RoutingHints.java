package xyz.pura.events.chat;

import java.util.Optional;
import xyz.pura.events.ProviderId;

/**
 * The caller's {@code routing} object.
 *
 * @param quality "high", "low", or null when not set
 * @param prefer a provider to soft-boost, or null
 */
public record RoutingHints(String quality, ProviderId prefer) {
    public static final RoutingHints NONE = new RoutingHints(null, null);

    public Optional<String> qualityBias() {
        return Optional.ofNullable(quality);
    }
}
