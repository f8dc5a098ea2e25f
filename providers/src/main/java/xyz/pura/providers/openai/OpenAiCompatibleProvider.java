package xyz.pura.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import xyz.pura.providers.internal.SseLines;
import xyz.pura.providers.internal.UpstreamEndpoint;
import xyz.pura.providers.internal.UpstreamHttp;
import xyz.pura.providers.internal.UpstreamStream;

/**
 * The shared base of upstreams that speak OpenAI's chat completions API (OpenAI itself, Groq):
 * the request passes through with the chosen model and gateway-only fields removed (and whatever {@link #adapt}
 * changes for the upstream), and usage is always asked for.
 */
public class OpenAiCompatibleProvider implements Provider {
    /** Fields the gateway understands and the upstream must not see. */
    private static final String[] GATEWAY_ONLY = {"routing"};

    private final ProviderConfig config;
    private final UpstreamEndpoint endpoint;
    /** Parsed once: parsing the URL string on every call was about 1.5 % of the gateway's CPU under load. */
    private final HttpUrl url;
    private final UpstreamHttp http;

    protected OpenAiCompatibleProvider(ProviderConfig config, String path) {
        this.config = config;
        this.endpoint = new UpstreamEndpoint(config, UpstreamEndpoint.KeyHeader.BEARER);
        this.url = endpoint.url(path);
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
        return http.call(httpRequest(request, false), id().wireName(), response -> {
            if (!response.isSuccessful()) {
                throw HttpFailures.fromResponse(id().wireName(), response);
            }
            JsonNode body = Json.mapper().readTree(response.body().byteStream());
            if (body == null || !body.isObject() || !body.path("choices").isArray()) {
                throw new UpstreamException(FailureKind.PROTOCOL, response.code(), id().wireName() + " sent no choices", null);
            }
            return result((ObjectNode) body);
        });
    }

    @Override
    public ChatResult stream(UpstreamRequest request, ChunkSink sink) throws UpstreamException, StreamAbortedException {
        UpstreamStream out = new UpstreamStream(id().wireName(), sink, request.chat().includeUsage());
        return out.run(http, httpRequest(request, true), new PassThrough(id().wireName(), out));
    }

    private Request httpRequest(UpstreamRequest request, boolean stream) {
        ObjectNode body = request.chat().body().deepCopy();
        for (String field : GATEWAY_ONLY) {
            body.remove(field);
        }
        removeCacheControl(body);
        adapt(body);
        body.put("model", request.model());
        body.put("stream", stream);
        if (stream) {
            body.putObject("stream_options").put("include_usage", true);
        } else {
            body.remove("stream_options");
        }
        return endpoint.post(url, request, body, stream);
    }

    /**
     * Removes Anthropic's prompt-cache marks ({@code cache_control} on messages, content parts and tools), which
     * clients that also talk to Claude leave in: they mean nothing to OpenAI (it caches by prefix on its own) and
     * Groq refuses them.
     */
    static void removeCacheControl(ObjectNode body) {
        for (JsonNode m : body.path("messages")) {
            if (m instanceof ObjectNode message) {
                message.remove("cache_control");
                for (JsonNode part : message.path("content")) {
                    if (part instanceof ObjectNode p) {
                        p.remove("cache_control");
                    }
                }
            }
        }
        for (JsonNode tool : body.path("tools")) {
            if (tool instanceof ObjectNode t) {
                t.remove("cache_control");
            }
        }
    }

    /**
     * Makes the outgoing body (a copy, without the gateway's fields) fit this upstream; nothing to do for OpenAI.
     *
     * @throws xyz.pura.events.chat.InvalidRequestException when this upstream cannot serve the request (nothing is sent)
     */
    protected void adapt(ObjectNode body) {
    }

    static ChatResult result(ObjectNode completion) {
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (JsonNode choice : completion.path("choices")) {
            JsonNode message = choice.path("message");
            appendText(text, message);
            if (finish == null && choice.path("finish_reason").isTextual()) {
                finish = choice.path("finish_reason").asText();
            }
        }
        return new ChatResult(completion, text.toString(), finish, usage(completion.get("usage")));
    }

    static void appendText(StringBuilder text, JsonNode message) {
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            text.append(content.asText());
        }
        JsonNode toolCalls = message.get("tool_calls");
        if (toolCalls instanceof ArrayNode calls) {
            for (JsonNode call : calls) {
                JsonNode fn = call.path("function");
                if (fn.path("name").isTextual()) {
                    text.append(fn.path("name").asText());
                }
                if (fn.path("arguments").isTextual()) {
                    text.append(fn.path("arguments").asText());
                }
            }
        }
    }

    static ChatResult.Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return new ChatResult.Usage(intOrNull(usage.get("prompt_tokens")), intOrNull(usage.get("completion_tokens")),
                intOrNull(usage.path("prompt_tokens_details").get("cached_tokens")),
                intOrNull(usage.path("completion_tokens_details").get("reasoning_tokens")));
    }

    private static Integer intOrNull(JsonNode n) {
        return n != null && n.canConvertToInt() ? n.intValue() : null;
    }

    /**
     * The upstream's chunks, already OpenAI's, passed on as they come: each is kept for the result, the usage-only
     * chunk is hidden unless the caller asked for it, and an {@code error} chunk fails the stream. A stream that ends
     * before {@code [DONE]} was cut off.
     */
    private static final class PassThrough implements UpstreamStream.Events {
        private final String provider;
        private final UpstreamStream out;
        private final StringBuilder text = new StringBuilder();
        private String finish;
        private ChatResult.Usage usage;
        private boolean done;

        PassThrough(String provider, UpstreamStream out) {
            this.provider = provider;
            this.out = out;
        }

        @Override
        public boolean onEvent(SseLines.Event event) throws UpstreamException, StreamAbortedException {
            if (event.data().equals("[DONE]")) {
                done = true;
                return true;
            }
            ObjectNode chunk = out.parse(event.data(), "chunk");
            if (chunk.has("error")) {
                throw new UpstreamException(FailureKind.STREAM_ERROR, null, provider + " stream error: "
                        + HttpFailures.upstreamMessage(chunk.toString()), null);
            }
            if (observe(chunk)) {
                out.sendUsage(chunk); // only if the caller asked for it: the gateway adds its own final usage chunk
            } else {
                out.send(chunk);
            }
            return false;
        }

        @Override
        public void onEnd() throws UpstreamException {
            if (!done) {
                throw new UpstreamException(FailureKind.TRANSPORT, null, provider + " stream ended before [DONE]", null);
            }
        }

        /** @return whether the chunk carries only usage (no choices) */
        private boolean observe(ObjectNode chunk) {
            JsonNode choices = chunk.path("choices");
            for (JsonNode choice : choices) {
                appendText(text, choice.path("delta"));
                if (choice.path("finish_reason").isTextual()) {
                    finish = choice.path("finish_reason").asText();
                }
            }
            ChatResult.Usage u = usage(chunk.get("usage"));
            if (u != null) {
                usage = u;
            }
            return choices.isEmpty() && u != null;
        }

        @Override
        public ChatResult said() {
            return new ChatResult(null, text.toString(), finish, usage);
        }
    }
}
