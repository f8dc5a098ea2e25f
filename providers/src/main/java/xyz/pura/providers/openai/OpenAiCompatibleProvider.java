package xyz.pura.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
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
import xyz.pura.providers.internal.SilenceWatchdog;
import xyz.pura.providers.internal.SseLines;
import xyz.pura.providers.internal.UpstreamHttp;

/**
 * The shared base of upstreams that speak OpenAI's chat completions API (OpenAI itself, Groq):
 * the request passes through with the chosen model and gateway-only fields removed, and usage is
 * always asked for.
 */
public class OpenAiCompatibleProvider implements Provider {
    private static final MediaType JSON = MediaType.get("application/json");
    /** Fields the gateway understands and the upstream must not see. */
    private static final String[] GATEWAY_ONLY = {"routing"};

    private final ProviderConfig config;
    /** Parsed once: parsing the URL string on every call was about 1.5 % of the gateway's CPU under load. */
    private final HttpUrl url;
    private final UpstreamHttp http;

    protected OpenAiCompatibleProvider(ProviderConfig config, String path) {
        this.config = config;
        this.url = HttpUrl.get(config.baseUrl() + path);
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
        Call call = http.newCall(httpRequest(request, true));
        StreamState state = new StreamState();
        try (SilenceWatchdog.Guard silence = http.watch(call)) {
            Response response;
            try {
                response = call.execute();
            } catch (IOException e) {
                throw silence.failure(id().wireName(), e);
            }
            return relay(request, sink, call, state, response, silence);
        }
    }

    private ChatResult relay(UpstreamRequest request, ChunkSink sink, Call call, StreamState state, Response response,
                             SilenceWatchdog.Guard silence) throws UpstreamException, StreamAbortedException {
        try (response) {
            if (!response.isSuccessful()) {
                throw HttpFailures.fromResponse(id().wireName(), response);
            }
            SseLines events = new SseLines(silence.watch(response.body().source()));
            SseLines.Event event;
            boolean done = false;
            while ((event = readNext(events, silence)) != null) {
                if (event.data().equals("[DONE]")) {
                    done = true;
                    break;
                }
                ObjectNode chunk = parseChunk(event.data());
                if (chunk.has("error")) {
                    throw new UpstreamException(FailureKind.STREAM_ERROR, null, id().wireName() + " stream error: "
                            + HttpFailures.upstreamMessage(chunk.toString()), null);
                }
                boolean usageOnly = state.observe(chunk);
                if (usageOnly && !request.chat().includeUsage()) {
                    continue; // the caller did not ask for it (the gateway adds its own final usage chunk)
                }
                try {
                    sink.accept(chunk);
                } catch (IOException clientGone) {
                    call.cancel();
                    throw new StreamAbortedException(state.result(), clientGone);
                }
            }
            if (!done) {
                throw new UpstreamException(FailureKind.TRANSPORT, null, id().wireName() + " stream ended before [DONE]", null);
            }
            return state.result();
        }
    }

    private SseLines.Event readNext(SseLines events, SilenceWatchdog.Guard silence) throws UpstreamException {
        try {
            return events.next();
        } catch (IOException e) {
            throw silence.failure(id().wireName(), e);
        }
    }

    private ObjectNode parseChunk(String data) throws UpstreamException {
        try {
            JsonNode node = Json.mapper().readTree(data);
            if (node != null && node.isObject()) {
                return (ObjectNode) node;
            }
        } catch (IOException ignored) {
            // fall through
        }
        throw new UpstreamException(FailureKind.PROTOCOL, null, id().wireName() + " sent an unreadable stream chunk", null);
    }

    private Request httpRequest(UpstreamRequest request, boolean stream) {
        ObjectNode body = request.chat().body().deepCopy();
        for (String field : GATEWAY_ONLY) {
            body.remove(field);
        }
        body.put("model", request.model());
        body.put("stream", stream);
        if (stream) {
            body.putObject("stream_options").put("include_usage", true);
        } else {
            body.remove("stream_options");
        }
        String key = request.byokKey() != null ? request.byokKey() : config.apiKey();
        Request.Builder builder = new Request.Builder().url(url)
                .post(RequestBody.create(Json.bytes(body), JSON));
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        if (stream) {
            builder.header("Accept", "text/event-stream");
        }
        return builder.build();
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

    /** What a stream has said so far. */
    private static final class StreamState {
        private final StringBuilder text = new StringBuilder();
        private String finish;
        private ChatResult.Usage usage;

        /** @return whether the chunk carries only usage (no choices) */
        boolean observe(ObjectNode chunk) {
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

        ChatResult result() {
            return new ChatResult(null, text.toString(), finish, usage);
        }
    }
}
