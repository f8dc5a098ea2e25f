package xyz.pura.providers.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import xyz.pura.events.Json;
import xyz.pura.providers.ProviderConfig;
import xyz.pura.providers.UpstreamRequest;

/**
 * Where a provider's requests go and which key they carry. The key is the caller's own when the request brings one
 * (BYOK, {@link UpstreamRequest#byokKey()}), else the gateway's ({@link ProviderConfig#apiKey()}), else none: one
 * place decides it, so that no provider can bill a BYOK request to the gateway's key or send the gateway's key
 * beside the caller's. A provider states only the header its key goes in and any headers it always sends.
 */
public final class UpstreamEndpoint {
    private static final MediaType JSON = MediaType.get("application/json");

    /** The header a provider's key goes in, as its API documents it. */
    public enum KeyHeader {
        /** OpenAI and Groq: {@code Authorization: Bearer <key>}. */
        BEARER("Authorization", "Bearer "),
        /** Anthropic: {@code x-api-key: <key>}. */
        X_API_KEY("x-api-key", ""),
        /** Gemini: {@code x-goog-api-key: <key>}. */
        X_GOOG_API_KEY("x-goog-api-key", "");

        private final String header;
        private final String prefix;

        KeyHeader(String header, String prefix) {
            this.header = header;
            this.prefix = prefix;
        }

        /** The header's name. */
        public String header() {
            return header;
        }

        /** The header's value for {@code key}. */
        public String value(String key) {
            return prefix + key;
        }
    }

    private final ProviderConfig config;
    private final KeyHeader keyHeader;
    private final Headers always;

    public UpstreamEndpoint(ProviderConfig config, KeyHeader keyHeader) {
        this(config, keyHeader, Headers.EMPTY);
    }

    /** @param always headers sent on every request, before the key (Anthropic's API version) */
    public UpstreamEndpoint(ProviderConfig config, KeyHeader keyHeader, Headers always) {
        this.config = config;
        this.keyHeader = keyHeader;
        this.always = always;
    }

    /** A path under the provider's base URL; parse a fixed one once (parsing on every call cost 1.5 % of the CPU). */
    public HttpUrl url(String path) {
        return HttpUrl.get(config.baseUrl() + path);
    }

    /** The key {@code request} is sent with: the caller's own when given, else the gateway's; null for none. */
    public String key(UpstreamRequest request) {
        return key(request.byokKey());
    }

    private String key(String byokKey) {
        return byokKey != null ? byokKey : config.apiKey();
    }

    /** A JSON POST of {@code body} to a fixed {@link #url}, with the key and, for a stream, {@code Accept: text/event-stream}. */
    public Request post(HttpUrl url, UpstreamRequest request, ObjectNode body, boolean stream) {
        return post(new Request.Builder().url(url), request, body, stream);
    }

    /** The same POST to a path under the base URL that differs per call (Gemini's names the model). */
    public Request post(String path, UpstreamRequest request, ObjectNode body, boolean stream) {
        return post(new Request.Builder().url(config.baseUrl() + path), request, body, stream);
    }

    /** A JSON POST of a non-streamed call other than a chat (embeddings), with the caller's key when given, else ours. */
    public Request post(HttpUrl url, String byokKey, ObjectNode body) {
        return post(new Request.Builder().url(url), byokKey, body, false);
    }

    /** The same to a path under the base URL that differs per call (Gemini's names the model). */
    public Request post(String path, String byokKey, ObjectNode body) {
        return post(new Request.Builder().url(config.baseUrl() + path), byokKey, body, false);
    }

    private Request post(Request.Builder builder, UpstreamRequest request, ObjectNode body, boolean stream) {
        return post(builder, request.byokKey(), body, stream);
    }

    private Request post(Request.Builder builder, String byokKey, ObjectNode body, boolean stream) {
        builder.headers(always).post(RequestBody.create(Json.bytes(body), JSON));
        String key = key(byokKey);
        if (key != null) {
            builder.header(keyHeader.header(), keyHeader.value(key));
        }
        if (stream) {
            builder.header("Accept", "text/event-stream");
        }
        return builder.build();
    }
}
