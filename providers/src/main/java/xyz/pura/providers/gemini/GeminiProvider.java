package xyz.pura.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.Request;
import xyz.pura.events.Json;
import xyz.pura.events.ProviderId;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.ChunkSink;
import xyz.pura.providers.EmbeddingCall;
import xyz.pura.providers.EmbeddingResult;
import xyz.pura.providers.Embeddings;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.Provider;
import xyz.pura.providers.ProviderConfig;
import xyz.pura.providers.StreamAbortedException;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.UpstreamRequest;
import xyz.pura.providers.internal.HttpClients;
import xyz.pura.providers.internal.HttpFailures;
import xyz.pura.providers.internal.TranslatedStream;
import xyz.pura.providers.internal.UpstreamEndpoint;
import xyz.pura.providers.internal.UpstreamHttp;

/**
 * Google's Gemini API: {@code POST {GEMINI_BASE_URL}/v1beta/models/{model}:generateContent} and
 * {@code :streamGenerateContent?alt=sse} (base default https://generativelanguage.googleapis.com),
 * key in {@code x-goog-api-key} (the caller's BYOK key replaces the gateway's); embeddings at
 * {@code models/{model}:batchEmbedContents} ({@link GeminiEmbeddings}).
 */
public final class GeminiProvider implements Provider, Embeddings {
    public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";

    private final ProviderConfig config;
    private final UpstreamEndpoint endpoint;
    private final UpstreamHttp http;

    public GeminiProvider(ProviderConfig config) {
        this.config = config;
        this.endpoint = new UpstreamEndpoint(config, UpstreamEndpoint.KeyHeader.X_GOOG_API_KEY);
        this.http = HttpClients.forProvider(config);
    }

    @Override
    public ProviderId id() {
        return config.id();
    }

    @Override
    public boolean configured() {
        return config.hasKey();
    }

    @Override
    public ChatResult chat(UpstreamRequest request) throws UpstreamException {
        Request http = httpRequest(request, GeminiRequestMapper.map(request.chat(), model(request)), false);
        return this.http.call(http, id().wireName(), response -> {
            if (!response.isSuccessful()) {
                throw HttpFailures.fromResponse(id().wireName(), response);
            }
            JsonNode body = Json.mapper().readTree(response.body().byteStream());
            if (body == null || !body.isObject()
                    || (!body.path("candidates").isArray() && !body.path("promptFeedback").isObject())) {
                throw new UpstreamException(FailureKind.PROTOCOL, response.code(), "gemini sent no candidates", null);
            }
            return GeminiResponseMapper.toResult((ObjectNode) body, request.requestId(), request.model(),
                    System.currentTimeMillis() / 1000);
        });
    }

    @Override
    public ChatResult stream(UpstreamRequest request, ChunkSink sink) throws UpstreamException, StreamAbortedException {
        Request http = httpRequest(request, GeminiRequestMapper.map(request.chat(), model(request)), true);
        TranslatedStream out = new TranslatedStream(id().wireName(), sink, "chatcmpl-" + request.requestId(),
                request.model(), request.chat().includeUsage());
        return out.run(this.http, http, new GeminiStreamDecoder(request.requestId()));
    }

    @Override
    public EmbeddingResult embed(EmbeddingCall call) throws UpstreamException {
        String model = bare(call.model());
        String path = "/v1beta/models/" + model + ":batchEmbedContents";
        java.util.List<xyz.pura.events.embeddings.EmbeddingInput> inputs = call.request().inputs();
        java.util.List<float[]> vectors = new java.util.ArrayList<>(inputs.size());
        for (int from = 0; from < inputs.size(); from += GeminiEmbeddings.MAX_PER_CALL) {
            var chunk = inputs.subList(from, Math.min(inputs.size(), from + GeminiEmbeddings.MAX_PER_CALL));
            Request request = endpoint.post(path, call.byokKey(), GeminiEmbeddings.body(chunk, model, call.dimensions()));
            vectors.addAll(http.call(request, id().wireName(), response -> {
                if (!response.isSuccessful()) {
                    throw HttpFailures.fromResponse(id().wireName(), response);
                }
                try (java.io.InputStream in = response.body().byteStream()) {
                    return GeminiEmbeddings.read(in, chunk.size(), response.code());
                }
            }));
        }
        return new EmbeddingResult(vectors, null);
    }

    private static String model(UpstreamRequest request) {
        return bare(request.model());
    }

    private static String bare(String model) {
        return model.startsWith("models/") ? model.substring("models/".length()) : model;
    }

    private Request httpRequest(UpstreamRequest request, ObjectNode body, boolean stream) {
        String path = "/v1beta/models/" + model(request) + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        return endpoint.post(path, request, body, stream);
    }
}
