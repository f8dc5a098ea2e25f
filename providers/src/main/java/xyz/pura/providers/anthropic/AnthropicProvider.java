package xyz.pura.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;
import xyz.pura.events.Json;
import xyz.pura.events.ProviderId;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.ChunkSink;
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
 * Anthropic's Messages API: {@code POST {ANTHROPIC_BASE_URL}/v1/messages} (base default
 * https://api.anthropic.com) with {@code x-api-key} (the caller's BYOK key replaces the gateway's)
 * and {@code anthropic-version: 2023-06-01}. A request from the Messages door is sent as its caller wrote it and its
 * answer (the message, or every stream event) is handed back beside the translation ({@link AnthropicNative}).
 */
public final class AnthropicProvider implements Provider {
    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    public static final String API_VERSION = "2023-06-01";

    private final ProviderConfig config;
    private final UpstreamEndpoint endpoint;
    /** Parsed once: parsing the URL string on every call was about 1.5 % of the gateway's CPU under load. */
    private final HttpUrl url;
    private final UpstreamHttp http;

    public AnthropicProvider(ProviderConfig config) {
        this.config = config;
        this.endpoint = new UpstreamEndpoint(config, UpstreamEndpoint.KeyHeader.X_API_KEY,
                Headers.of("anthropic-version", API_VERSION));
        this.url = endpoint.url("/v1/messages");
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
        boolean passThrough = AnthropicNative.applies(request);
        ObjectNode sent = passThrough ? AnthropicNative.body(request, false) : AnthropicRequestMapper.map(request, false);
        Request http = endpoint.post(url, request, sent, false);
        return this.http.call(http, id().wireName(), response -> {
            if (!response.isSuccessful()) {
                throw HttpFailures.fromResponse(id().wireName(), response);
            }
            JsonNode body = Json.mapper().readTree(response.body().byteStream());
            if (body == null || !body.isObject() || !body.path("content").isArray()) {
                throw new UpstreamException(FailureKind.PROTOCOL, response.code(), "anthropic sent no message content", null);
            }
            ObjectNode message = (ObjectNode) body;
            if (!message.path("id").isTextual()) {
                message.put("id", request.requestId());
            }
            ChatResult result = AnthropicResponseMapper.toResult(message, request.model(), System.currentTimeMillis() / 1000);
            return passThrough ? result.withUpstreamMessage(message) : result;
        });
    }

    @Override
    public ChatResult stream(UpstreamRequest request, ChunkSink sink) throws UpstreamException, StreamAbortedException {
        boolean passThrough = AnthropicNative.applies(request);
        ObjectNode sent = passThrough ? AnthropicNative.body(request, true) : AnthropicRequestMapper.map(request, true);
        Request http = endpoint.post(url, request, sent, true);
        TranslatedStream out = new TranslatedStream(id().wireName(), sink, "chatcmpl-" + request.requestId(),
                request.model(), request.chat().includeUsage());
        return out.run(this.http, http, new AnthropicStreamDecoder(passThrough));
    }
}
