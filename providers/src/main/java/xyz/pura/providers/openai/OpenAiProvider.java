package xyz.pura.providers.openai;

import xyz.pura.providers.EmbeddingCall;
import xyz.pura.providers.EmbeddingResult;
import xyz.pura.providers.Embeddings;
import xyz.pura.providers.ProviderConfig;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.internal.HttpClients;
import xyz.pura.providers.internal.UpstreamEndpoint;

/**
 * OpenAI: {@code POST {OPENAI_BASE_URL}/chat/completions} with a Bearer key (base default https://api.openai.com/v1),
 * and its embeddings at {@code /embeddings} ({@link OpenAiEmbeddings}).
 */
public final class OpenAiProvider extends OpenAiCompatibleProvider implements Embeddings {
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    private final OpenAiEmbeddings embeddings;

    public OpenAiProvider(ProviderConfig config) {
        super(config, "/chat/completions");
        this.embeddings = new OpenAiEmbeddings(config.id().wireName(),
                new UpstreamEndpoint(config, UpstreamEndpoint.KeyHeader.BEARER), HttpClients.forProvider(config));
    }

    @Override
    public EmbeddingResult embed(EmbeddingCall call) throws UpstreamException {
        return embeddings.embed(call);
    }
}
