package xyz.pura.providers.groq;

import xyz.pura.providers.ProviderConfig;
import xyz.pura.providers.openai.OpenAiCompatibleProvider;

/** Groq: OpenAI-compatible at {@code {GROQ_BASE_URL}/openai/v1/chat/completions} (base default https://api.groq.com). */
public final class GroqProvider extends OpenAiCompatibleProvider {
    public static final String DEFAULT_BASE_URL = "https://api.groq.com";

    public GroqProvider(ProviderConfig config) {
        super(config, "/openai/v1/chat/completions");
    }
}
