package xyz.pura.providers.groq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import xyz.pura.providers.ProviderConfig;
import xyz.pura.providers.openai.OpenAiCompatibleProvider;

/**
 * Groq: OpenAI-compatible at {@code {GROQ_BASE_URL}/openai/v1/chat/completions} (base default https://api.groq.com),
 * without the OpenAI fields Groq refuses ({@link GroqRequests}): a request that needs them is refused before it is sent.
 */
public final class GroqProvider extends OpenAiCompatibleProvider {
    public static final String DEFAULT_BASE_URL = "https://api.groq.com";

    public GroqProvider(ProviderConfig config) {
        super(config, "/openai/v1/chat/completions");
    }

    @Override
    protected void adapt(ObjectNode body) {
        GroqRequests.adapt(body);
    }
}
