package xyz.pura.providers;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import xyz.pura.events.ProviderId;
import xyz.pura.providers.anthropic.AnthropicProvider;
import xyz.pura.providers.gemini.GeminiProvider;
import xyz.pura.providers.groq.GroqProvider;
import xyz.pura.providers.openai.OpenAiProvider;

/** The gateway's providers, by id. */
public final class Providers {
    private final Map<ProviderId, Provider> byId;

    public Providers(Map<ProviderId, Provider> byId) {
        this.byId = new EnumMap<>(byId);
    }

    /** Builds every provider whose adapter exists from its config. */
    public static Providers from(Map<ProviderId, ProviderConfig> configs) {
        Map<ProviderId, Function<ProviderConfig, Provider>> factories = new EnumMap<>(ProviderId.class);
        factories.put(ProviderId.OPENAI, OpenAiProvider::new);
        factories.put(ProviderId.GROQ, GroqProvider::new);
        factories.put(ProviderId.ANTHROPIC, AnthropicProvider::new);
        factories.put(ProviderId.GEMINI, GeminiProvider::new);
        Map<ProviderId, Provider> built = new EnumMap<>(ProviderId.class);
        configs.forEach((id, config) -> {
            Function<ProviderConfig, Provider> factory = factories.get(id);
            if (factory != null) {
                built.put(id, factory.apply(config));
            }
        });
        return new Providers(built);
    }

    public Provider get(ProviderId id) {
        return byId.get(id);
    }

    /** The provider's embedding capability, or null when it has none (or is not built). */
    public Embeddings embeddings(ProviderId id) {
        return byId.get(id) instanceof Embeddings e ? e : null;
    }

    public Collection<Provider> all() {
        return byId.values();
    }
}
