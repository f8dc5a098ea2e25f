package xyz.pura.ingress.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.events.Json;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.gateway.pipeline.ChatStream;
import xyz.pura.ingress.internal.MessagesErrorEnvelope;
import xyz.pura.ingress.internal.SseResponse;

/**
 * A streamed answer in Anthropic's events: message_start, content_block_start / _delta / _stop, message_delta (stop
 * reason, usage and the {@code pura} object), message_stop; {@code event: error} for a failure after the start.
 *
 * <p><b>From Claude</b>, the events Anthropic sent pass as they came ({@link #upstreamEvent}): thinking blocks with
 * their signatures, redacted thinking, every block boundary. message_start waits for the first content block, so that
 * an error before any content (Anthropic's overloaded_error right after message_start) still lets the gateway retry
 * or fail over with nothing sent; message_delta and message_stop wait for the cost, and message_delta leaves with
 * {@code pura}. The OpenAI chunks the same events were translated into carry only {@code pura} here.
 *
 * <p><b>From any other provider</b>, its OpenAI chunks are translated: text deltas into a text block, each tool call
 * into a tool_use block (arguments as input_json_delta), the finish reason into message_delta's stop_reason with the
 * usage of the gateway's closing usage chunk. message_start goes out with the first content, for the same reason.
 * A chunk with content that comes while Claude's message_start is still held is a fallback's: the held events of the
 * failed attempt are dropped.
 */
public final class MessagesStream implements ChatStream {
    private static final Logger LOG = LoggerFactory.getLogger(MessagesStream.class);

    private final SseResponse sse;
    private Map<String, String> headers = Map.of();
    /** Whether the current attempt is Claude's own events. */
    private boolean upstream;
    /** Claude's events held until the first content block (message_start). */
    private final List<ObjectNode> held = new ArrayList<>();
    private boolean flushed;
    private ObjectNode heldDelta;
    private JsonNode pura;
    // translated attempts
    private boolean messageStarted;
    private String model;
    private int nextBlock;
    private int openBlock = -1;
    private String openKind;
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private String stopReason;
    private JsonNode usage;

    public MessagesStream(SseResponse sse) {
        this.sse = sse;
    }

    @Override
    public void upstreamEvent(Map<String, String> headers, ObjectNode event) throws IOException {
        this.headers = headers;
        String type = event.path("type").asText("");
        switch (type) {
            case "message_start" -> {
                reset();
                upstream = true;
                held.add(event);
            }
            case "ping" -> {
                if (flushed) {
                    write(event);
                }
            }
            case "message_delta" -> heldDelta = event;
            case "message_stop" -> {
                // sent by done(), after the cost is known
            }
            default -> {
                flush();
                write(event);
            }
        }
    }

    @Override
    public void send(Map<String, String> headers, ObjectNode chunk) throws IOException {
        this.headers = headers;
        if (chunk.hasNonNull("pura")) {
            pura = chunk.get("pura");
        }
        if (upstream) {
            if (flushed || !hasContent(chunk)) {
                return; // Claude's events already said it
            }
            reset(); // a fallback's first content after Claude's attempt failed before its first block
        }
        if (model == null && chunk.path("model").isTextual()) {
            model = chunk.path("model").asText();
        }
        if (chunk.path("usage").isObject()) {
            usage = chunk.get("usage");
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        String text = delta.path("content").asText("");
        if (!text.isEmpty()) {
            open("text", -1);
            ObjectNode d = blockEvent("content_block_delta", openBlock);
            d.putObject("delta").put("type", "text_delta").put("text", text);
            write(d);
        }
        for (JsonNode call : delta.path("tool_calls")) {
            int tool = call.path("index").asInt(0);
            if (call.path("id").isTextual() || !toolBlocks.containsKey(tool)) {
                open("tool", tool);
                ObjectNode start = blockEvent("content_block_start", openBlock);
                start.putObject("content_block").put("type", "tool_use").put("id", call.path("id").asText(""))
                        .put("name", call.path("function").path("name").asText("")).putObject("input");
                write(start);
            }
            String args = call.path("function").path("arguments").asText("");
            if (!args.isEmpty()) {
                ObjectNode d = blockEvent("content_block_delta", toolBlocks.get(tool));
                d.putObject("delta").put("type", "input_json_delta").put("partial_json", args);
                write(d);
            }
        }
        if (choice.hasNonNull("finish_reason")) {
            stopReason = ChatToMessage.stopReason(choice.path("finish_reason").asText());
        }
    }

    @Override
    public void done() throws IOException {
        if (upstream) {
            flush();
            ObjectNode delta = heldDelta != null ? heldDelta : messageDelta("end_turn", null);
            if (pura != null) {
                delta.set("pura", pura);
            }
            write(delta);
        } else {
            startMessage();
            close();
            ObjectNode delta = messageDelta(stopReason != null ? stopReason : "end_turn", ChatToMessage.usage(usage, pura));
            if (pura != null) {
                delta.set("pura", pura);
            }
            write(delta);
        }
        write(Json.mapper().createObjectNode().put("type", "message_stop"));
    }

    @Override
    public void error(Refusal refusal) {
        try {
            sse.event(headers, "error", MessagesErrorEnvelope.body(refusal));
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

    private void reset() {
        upstream = false;
        held.clear();
        heldDelta = null;
        flushed = false;
        model = null;
        stopReason = null;
        usage = null;
    }

    private static boolean hasContent(ObjectNode chunk) {
        JsonNode delta = chunk.path("choices").path(0).path("delta");
        return !delta.path("content").asText("").isEmpty() || !delta.path("tool_calls").isEmpty();
    }

    private void flush() throws IOException {
        if (!flushed) {
            flushed = true;
            for (ObjectNode e : held) {
                write(e);
            }
            held.clear();
        }
    }

    /** Opens a block of this kind (closing the open one) unless it is the one open. */
    private void open(String kind, int tool) throws IOException {
        startMessage();
        if (kind.equals("text") && "text".equals(openKind)) {
            return;
        }
        if (kind.equals("tool") && toolBlocks.containsKey(tool) && toolBlocks.get(tool) == openBlock) {
            return;
        }
        close();
        openBlock = nextBlock++;
        openKind = kind;
        if (kind.equals("text")) {
            ObjectNode start = blockEvent("content_block_start", openBlock);
            start.putObject("content_block").put("type", "text").put("text", "");
            write(start);
        } else {
            toolBlocks.put(tool, openBlock);
        }
    }

    private void close() throws IOException {
        if (openBlock >= 0) {
            write(blockEvent("content_block_stop", openBlock));
            openBlock = -1;
            openKind = null;
        }
    }

    private void startMessage() throws IOException {
        if (messageStarted) {
            return;
        }
        messageStarted = true;
        ObjectNode start = Json.mapper().createObjectNode().put("type", "message_start");
        ObjectNode m = start.putObject("message");
        m.put("id", ChatToMessage.messageId(headers.get("X-Pura-Request-Id"), "")).put("type", "message").put("role", "assistant");
        m.putArray("content");
        m.put("model", model != null ? model : headers.getOrDefault("X-Pura-Model", ""));
        m.putNull("stop_reason").putNull("stop_sequence");
        m.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
        write(start);
    }

    private static ObjectNode blockEvent(String type, int index) {
        return Json.mapper().createObjectNode().put("type", type).put("index", index);
    }

    private static ObjectNode messageDelta(String stopReason, ObjectNode usage) {
        ObjectNode d = Json.mapper().createObjectNode().put("type", "message_delta");
        d.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        d.set("usage", usage != null ? usage : Json.mapper().createObjectNode().put("output_tokens", 0));
        return d;
    }

    private void write(ObjectNode event) throws IOException {
        sse.event(headers, event.path("type").asText("message"), event);
    }
}
