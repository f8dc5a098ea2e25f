package xyz.pura.ingress.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.events.Json;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.gateway.pipeline.ChatStream;
import xyz.pura.ingress.internal.ErrorEnvelope;
import xyz.pura.ingress.internal.SseResponse;

/**
 * Chat chunks in, the Responses API's event stream out: {@code response.created} and {@code response.in_progress};
 * per item {@code response.output_item.added}, then for text {@code response.content_part.added},
 * {@code response.output_text.delta}..., {@code response.output_text.done}, {@code response.content_part.done},
 * for a tool call {@code response.function_call_arguments.delta}..., {@code response.function_call_arguments.done},
 * and {@code response.output_item.done}; at the end {@code response.completed} (or {@code response.incomplete})
 * with the usage and the {@code pura} object. Every event carries its {@code type} and a {@code sequence_number}
 * from 0. A failure after the start is {@code response.failed}. There is no {@code [DONE]}: the stream ends after
 * the last event, as OpenAI's does.
 *
 * <p>An item is done when the next one begins (OpenAI's order: one item at a time). The pipeline bills what each
 * {@link #send} that returned carried, so a chunk whose events could not be written is not billed.
 */
public final class ResponsesStream implements ChatStream {
    private static final Logger LOG = LoggerFactory.getLogger(ResponsesStream.class);

    private final SseResponse sse;
    private final JsonNode request;
    private Map<String, String> headers;
    private String requestId;
    private String model;
    private long createdAt;
    private int sequence;
    private final ArrayNode output = Json.mapper().createArrayNode();
    /** The item being written: a message (text) or a function call; null between items. */
    private ObjectNode open;
    private final StringBuilder openText = new StringBuilder();
    /** Chat's tool call index to the output index of its function_call item. */
    private final Map<Integer, Integer> calls = new HashMap<>();
    private String finishReason = "stop";
    private JsonNode usage;
    private JsonNode pura;

    /** @param request the Responses request as the client sent it (echoed in the response object) */
    public ResponsesStream(SseResponse sse, JsonNode request) {
        this.sse = sse;
        this.request = request;
    }

    @Override
    public void send(Map<String, String> headers, ObjectNode chunk) throws IOException {
        if (this.headers == null) {
            this.headers = headers;
            requestId = headers.getOrDefault("X-Pura-Request-Id", "req_unknown");
            model = chunk.path("model").asText("");
            createdAt = chunk.path("created").asLong(System.currentTimeMillis() / 1000);
            emit("response.created", Json.mapper().createObjectNode().set("response", response("in_progress")));
            emit("response.in_progress", Json.mapper().createObjectNode().set("response", response("in_progress")));
        }
        if (chunk.has("pura")) {
            pura = chunk.get("pura");
        }
        if (chunk.hasNonNull("usage")) {
            usage = chunk.get("usage");
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        String text = delta.path("content").isTextual() ? delta.get("content").asText() : "";
        if (!text.isEmpty()) {
            text(text);
        }
        for (JsonNode call : delta.path("tool_calls")) {
            toolCall(call);
        }
        if (choice.hasNonNull("finish_reason")) {
            finishReason = choice.get("finish_reason").asText();
        }
    }

    private void text(String delta) throws IOException {
        if (open == null || !open.path("type").asText().equals("message")) {
            closeOpen();
            open = ResponsesAnswer.messageItem(ResponsesIds.message(requestId, output.size()), null, "in_progress");
            openText.setLength(0);
            emit("response.output_item.added", item(open));
            emit("response.content_part.added", part(open).set("part", ResponsesAnswer.textPart("")));
        }
        openText.append(delta);
        emit("response.output_text.delta", part(open).put("delta", delta).set("logprobs", Json.mapper().createArrayNode()));
    }

    private void toolCall(JsonNode call) throws IOException {
        int index = call.path("index").asInt(0);
        JsonNode function = call.path("function");
        if (!calls.containsKey(index)) {
            closeOpen();
            calls.put(index, output.size());
            open = ResponsesAnswer.functionCall(ResponsesIds.functionCall(requestId, index), call.path("id").asText(""),
                    function.path("name").asText(""), "", "in_progress");
            openText.setLength(0);
            emit("response.output_item.added", item(open));
        }
        String arguments = function.path("arguments").asText("");
        if (!arguments.isEmpty() && open != null && open.path("type").asText().equals("function_call")) {
            openText.append(arguments);
            emit("response.function_call_arguments.delta", Json.mapper().createObjectNode()
                    .put("item_id", open.get("id").asText()).put("output_index", output.size()).put("delta", arguments));
        }
    }

    /** Ends the item being written, in its type's order of done events, and adds it to the output. */
    private void closeOpen() throws IOException {
        if (open == null) {
            return;
        }
        String full = openText.toString();
        if (open.path("type").asText().equals("message")) {
            emit("response.output_text.done", part(open).put("text", full).set("logprobs", Json.mapper().createArrayNode()));
            emit("response.content_part.done", part(open).set("part", ResponsesAnswer.textPart(full)));
            ((ArrayNode) open.get("content")).add(ResponsesAnswer.textPart(full));
        } else {
            open.put("arguments", full);
            emit("response.function_call_arguments.done", Json.mapper().createObjectNode()
                    .put("item_id", open.get("id").asText()).put("output_index", output.size())
                    .put("name", open.get("name").asText()).put("arguments", full));
        }
        open.put("status", "completed");
        emit("response.output_item.done", item(open));
        output.add(open);
        open = null;
    }

    @Override
    public void done() throws IOException {
        closeOpen();
        ObjectNode done = response(ResponsesAnswer.status(finishReason));
        ResponsesAnswer.incomplete(done, finishReason);
        done.set("usage", usage == null ? null : ResponsesAnswer.usage(usage));
        if (pura != null) {
            done.set("pura", pura);
        }
        String event = done.get("status").asText().equals("incomplete") ? "response.incomplete" : "response.completed";
        emit(event, Json.mapper().createObjectNode().set("response", done));
    }

    @Override
    public void error(Refusal refusal) {
        try {
            ObjectNode failed = response("failed");
            ObjectNode envelope = ErrorEnvelope.body(refusal);
            JsonNode error = envelope.path("error");
            failed.putObject("error").put("code", error.path("code").asText(error.path("type").asText("server_error")))
                    .put("message", error.path("message").asText());
            emit("response.failed", Json.mapper().createObjectNode().set("response", failed));
        } catch (IOException clientGone) {
            LOG.debug("could not send the stream's error: {}", clientGone.toString());
        }
    }

    @Override
    public boolean started() {
        return sse.started();
    }

    @Override
    public long firstByteNanos() {
        return sse.firstByteNanos();
    }

    private ObjectNode response(String status) {
        ObjectNode r = ResponsesAnswer.shell(request, ResponsesAnswer.id(requestId), model, createdAt, status);
        r.set("output", output.deepCopy());
        return r;
    }

    private ObjectNode item(ObjectNode item) {
        ObjectNode e = Json.mapper().createObjectNode().put("output_index", output.size());
        e.set("item", item.deepCopy());
        return e;
    }

    private ObjectNode part(ObjectNode message) {
        return Json.mapper().createObjectNode().put("item_id", message.get("id").asText())
                .put("output_index", output.size()).put("content_index", 0);
    }

    private void emit(String type, ObjectNode data) throws IOException {
        ObjectNode event = Json.mapper().createObjectNode().put("type", type).put("sequence_number", sequence++);
        event.setAll(data);
        sse.event(headers, type, event);
    }
}
