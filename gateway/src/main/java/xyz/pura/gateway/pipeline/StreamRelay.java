package xyz.pura.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import xyz.pura.events.Json;
import java.util.Map;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.ChunkSink;

/**
 * Passes a provider's OpenAI-shaped chunks to the client, minus any usage-only chunk (the gateway
 * ends every stream with its own: {@code usage} plus a {@code pura} object with the recorded cost),
 * and keeps what was sent so a stream cut short is billed for it: a chunk counts once its write (and flush to the
 * socket) returned, so a chunk whose write failed or timed out (the door's {@link ChatStream}) is not billed.
 */
final class StreamRelay implements ChunkSink {
    private final ChatStream sse;
    private final RequestContext r;
    /** The answer's headers so far; they go out with the first chunk. */
    private final Map<String, String> headers;
    private final StringBuilder sent = new StringBuilder();
    private String id;
    private String model;
    private long created;

    StreamRelay(ChatStream sse, RequestContext r, Map<String, String> headers) {
        this.sse = sse;
        this.r = r;
        this.headers = headers;
    }

    @Override
    public void accept(ObjectNode chunk) throws IOException {
        JsonNode choices = chunk.path("choices");
        if (choices.isEmpty() && chunk.hasNonNull("usage")) {
            return;
        }
        if (id == null) {
            id = chunk.path("id").asText(null);
            model = chunk.path("model").asText(null);
            created = chunk.path("created").asLong(System.currentTimeMillis() / 1000);
        }
        chunk.remove("usage");
        int before = sent.length();
        for (JsonNode choice : choices) {
            JsonNode delta = choice.path("delta");
            if (delta.path("content").isTextual()) {
                sent.append(delta.path("content").asText());
            }
            for (JsonNode call : delta.path("tool_calls")) {
                sent.append(call.path("function").path("name").asText(""));
                sent.append(call.path("function").path("arguments").asText(""));
            }
        }
        try {
            sse.send(headers, chunk);
        } catch (IOException notWritten) {
            sent.setLength(before); // billed for what was written, not for the chunk whose write failed
            throw notWritten;
        }
        r.firstByteNanos(sse.firstByteNanos());
    }

    boolean started() {
        return sse.started();
    }

    /** What was written to the client (every chunk whose write returned), as a result to bill. */
    ChatResult partial() {
        return new ChatResult(null, sent.toString(), null, null);
    }

    /** The gateway's final chunk (usage and cost), then {@code [DONE]}. */
    void finish(ChatResult result, PuraInfo info, int outputTokens) throws IOException {
        ObjectNode last = Json.mapper().createObjectNode();
        last.put("id", id != null ? id : "chatcmpl-" + r.requestId());
        last.put("object", "chat.completion.chunk");
        last.put("created", created != 0 ? created : System.currentTimeMillis() / 1000);
        last.put("model", model != null ? model : r.servedBy().model());
        last.putArray("choices");
        ObjectNode usage = last.putObject("usage");
        ChatResult.Usage reported = result.usage();
        int prompt = reported != null && reported.inputTokens() != null ? reported.inputTokens() : r.inputTokens();
        int completion = reported != null && reported.outputTokens() != null ? reported.outputTokens() : outputTokens;
        usage.put("prompt_tokens", prompt).put("completion_tokens", completion).put("total_tokens", prompt + completion);
        if (reported != null && reported.cachedInputTokens() != null) {
            usage.putObject("prompt_tokens_details").put("cached_tokens", reported.cachedInputTokens());
        }
        if (reported != null && reported.reasoningTokens() != null) {
            usage.putObject("completion_tokens_details").put("reasoning_tokens", reported.reasoningTokens());
        }
        last.set("pura", Json.mapper().valueToTree(info));
        sse.send(headers, last);
        sse.done();
    }

    /** An error after the stream started, in the door's shape for it. */
    void error(Refusal error) {
        sse.error(error);
    }
}
