package xyz.pura.providers.openai;

import xyz.pura.providers.ProviderConfig;

/** OpenAI: {@code POST {OPENAI_BASE_URL}/chat/completions} with a Bearer key (base default https://api.openai.com/v1). */
public final class OpenAiProvider extends OpenAiCompatibleProvider {
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    public OpenAiProvider(ProviderConfig config) {
        super(config, "/chat/completions");
    }
}
