package xyz.pura.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import xyz.pura.events.Json;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.ChunkSink;

/**
 * Passes a provider's OpenAI-shaped chunks to the client, minus any usage-only chunk (the gateway adds its own
 * only when the client asked for usage), holding back the chunk with the finish reason until the answer's cost is
 * known, so it can leave carrying the {@code pura} object ({@link #finish}); and keeps what was sent so a stream cut short is billed for it: a chunk counts once its write (and flush to the
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
    /** The chunk that carries the finish reason, held until the cost is known. */
    private ObjectNode held;

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
        if (finishes(choices)) {
            if (held != null) {
                write(held); // another choice finished before: it goes out as it was
            }
            held = chunk; // the answer's last chunk with choices: it leaves with the cost, in finish()
            return;
        }
        write(chunk);
    }

    /** The upstream's own event, for a door that speaks its format; billed through the chunks that follow it. */
    @Override
    public void upstreamEvent(ObjectNode event) throws IOException {
        sse.upstreamEvent(headers, event);
        r.firstByteNanos(sse.firstByteNanos());
    }

    private static boolean finishes(JsonNode choices) {
        for (JsonNode choice : choices) {
            if (choice.hasNonNull("finish_reason")) {
                return true;
            }
        }
        return false;
    }

    private void write(ObjectNode chunk) throws IOException {
        int before = sent.length();
        for (JsonNode choice : chunk.path("choices")) {
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

    /**
     * The end of the answer in OpenAI's shape: the last chunk with {@code choices} (the one with the finish reason,
     * held back until now) leaves carrying the {@code pura} object with the recorded cost; then, only when the client
     * asked for it ({@code stream_options.include_usage}), the usage chunk ({@code choices: []}, with {@code pura}
     * too); then {@code [DONE]}. A default client sees exactly OpenAI's sequence of chunks.
     */
    void finish(ChatResult result, PuraInfo info, int outputTokens) throws IOException {
        ObjectNode last = held;
        held = null;
        if (last == null) {
            // the provider sent no finish reason: the answer still ends with one, as OpenAI's streams do
            last = shell();
            last.putArray("choices").addObject().put("index", 0).putObject("delta");
            ((ObjectNode) last.path("choices").get(0)).put("finish_reason",
                    result.finishReason() != null ? result.finishReason() : "stop");
        }
        last.set("pura", Json.mapper().valueToTree(info));
        write(last);
        if (r.chat().includeUsage()) {
            ObjectNode usageChunk = shell();
            usageChunk.putArray("choices");
            usageChunk.set("usage", usage(result, outputTokens));
            usageChunk.set("pura", Json.mapper().valueToTree(info));
            sse.send(headers, usageChunk);
        }
        sse.done();
    }

    private ObjectNode shell() {
        ObjectNode chunk = Json.mapper().createObjectNode();
        chunk.put("id", id != null ? id : "chatcmpl-" + r.requestId());
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created != 0 ? created : System.currentTimeMillis() / 1000);
        chunk.put("model", model != null ? model : r.servedBy().model());
        return chunk;
    }

    private ObjectNode usage(ChatResult result, int outputTokens) {
        ObjectNode usage = Json.mapper().createObjectNode();
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
        return usage;
    }

    /** An error after the stream started, in the door's shape for it. */
    void error(Refusal error) {
        sse.error(error);
    }
}
