package xyz.pura.providers;

import java.time.Duration;
import java.util.Objects;
import xyz.pura.events.ProviderId;

/**
 * Where a provider lives and how to reach it. {@link #toString()} never prints the key.
 *
 * @param baseUrl the base URL in the provider's official SDK convention (no trailing slash)
 * @param apiKey the gateway's key for it, or null when unconfigured (BYOK requests still work)
 */
public record ProviderConfig(ProviderId id, String baseUrl, String apiKey, Duration connectTimeout, Duration readTimeout) {

    public ProviderConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(baseUrl, "baseUrl");
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public boolean hasKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    @Override
    public String toString() {
        return "ProviderConfig[id=" + id + ", baseUrl=" + baseUrl + ", apiKey=" + (hasKey() ? "<redacted>" : "<none>")
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }
}
