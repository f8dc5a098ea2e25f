package xyz.pura.providers;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import xyz.pura.events.ProviderId;

/**
 * Provider keys and base URLs from the environment, named as each official SDK names them:
 * {@code OPENAI_API_KEY}/{@code OPENAI_BASE_URL} (default https://api.openai.com/v1),
 * {@code ANTHROPIC_API_KEY}/{@code ANTHROPIC_BASE_URL} (https://api.anthropic.com),
 * {@code GROQ_API_KEY}/{@code GROQ_BASE_URL} (https://api.groq.com),
 * {@code GEMINI_API_KEY}/{@code GEMINI_BASE_URL} (https://generativelanguage.googleapis.com).
 */
public final class ProviderSettings {
    private static final Duration CONNECT = Duration.ofSeconds(5);

    private ProviderSettings() {
    }

    public static String defaultBaseUrl(ProviderId id) {
        return switch (id) {
            case OPENAI -> "https://api.openai.com/v1";
            case ANTHROPIC -> "https://api.anthropic.com";
            case GROQ -> "https://api.groq.com";
            case GEMINI -> "https://generativelanguage.googleapis.com";
        };
    }

    /** Every provider, configured or not (an unconfigured one still serves BYOK requests). */
    public static Map<ProviderId, ProviderConfig> fromEnv(Map<String, String> env, Duration readTimeout) {
        Map<ProviderId, ProviderConfig> out = new EnumMap<>(ProviderId.class);
        for (ProviderId id : ProviderId.values()) {
            String prefix = id.name();
            String key = env.get(prefix + "_API_KEY");
            if (id == ProviderId.GEMINI && (key == null || key.isBlank())) {
                key = env.get("GOOGLE_API_KEY");
            }
            String base = env.getOrDefault(prefix + "_BASE_URL", defaultBaseUrl(id));
            out.put(id, new ProviderConfig(id, base, key == null || key.isBlank() ? null : key, CONNECT, readTimeout));
        }
        return out;
    }

    /** Whether any provider key is set; when none is, the gateway serves from its simulator. */
    public static boolean anyKey(Map<String, String> env) {
        for (ProviderId id : ProviderId.values()) {
            String key = env.get(id.name() + "_API_KEY");
            if (key != null && !key.isBlank()) {
                return true;
            }
        }
        String google = env.get("GOOGLE_API_KEY");
        return google != null && !google.isBlank();
    }

    /** All four providers pointed at a simulator on its real paths. */
    public static Map<ProviderId, ProviderConfig> simulator(String simulatorBaseUrl, Duration readTimeout) {
        Map<ProviderId, ProviderConfig> out = new EnumMap<>(ProviderId.class);
        for (ProviderId id : ProviderId.values()) {
            String base = id == ProviderId.OPENAI ? simulatorBaseUrl + "/v1" : simulatorBaseUrl;
            out.put(id, new ProviderConfig(id, base, "simulator-key", CONNECT, readTimeout));
        }
        return out;
    }
}
