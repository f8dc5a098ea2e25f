package xyz.pura.providers;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import xyz.pura.events.ProviderId;

/**
 * Which upstreams the gateway calls, read once from the environment: every provider of
 * {@link ProviderSettings#fromEnv} when any provider key is set ({@link ProviderSettings#anyKey}), else none:
 * the built-in simulator serves all four ({@link #simulated()}). {@link #toString()} prints no key.
 *
 * @param configured each provider's config, or null when no key is set (the simulator serves)
 * @param readTimeout how long a provider may take (PURA_UPSTREAM_TIMEOUT_SECONDS)
 */
public record Upstreams(Map<ProviderId, ProviderConfig> configured, Duration readTimeout) {

    public Upstreams {
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (configured != null) {
            configured = Collections.unmodifiableMap(new EnumMap<>(configured));
        }
    }

    /** The provider keys and base URLs of {@code env}, or the simulator when no key is set. */
    public static Upstreams fromEnv(Map<String, String> env, Duration readTimeout) {
        return new Upstreams(ProviderSettings.anyKey(env) ? ProviderSettings.fromEnv(env, readTimeout) : null, readTimeout);
    }

    /** Whether no provider key is set, so that the simulator serves all four providers. */
    public boolean simulated() {
        return configured == null;
    }

    /** Whether {@code provider} has a key (every provider does when the simulator serves). */
    public boolean hasKey(ProviderId provider) {
        return simulated() || configured.get(provider).hasKey();
    }

    /** The configs to call: the configured ones, or all four on the simulator at {@code simulatorBaseUrl}. */
    public Map<ProviderId, ProviderConfig> resolve(String simulatorBaseUrl) {
        return simulated() ? ProviderSettings.simulator(simulatorBaseUrl, readTimeout) : configured;
    }

    @Override
    public String toString() {
        return "Upstreams[" + (simulated() ? "simulator" : configured.values().toString()) + ", readTimeout="
                + readTimeout + "]";
    }
}
