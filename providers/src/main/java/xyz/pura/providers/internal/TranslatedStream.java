package xyz.pura.providers.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;
import okhttp3.Request;
import xyz.pura.events.Json;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.ChunkSink;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.StreamAbortedException;
import xyz.pura.providers.UpstreamException;

/**
 * One upstream SSE stream in a foreign format, translated into OpenAI {@code chat.completion.chunk}s.
 * A {@link Decoder} reads each upstream event and calls this class's emitters; this class gives every
 * chunk the same id, model and created time, sends {@code role: assistant} in the first delta and keeps
 * what was said (for the token estimate and a partial result). Reading the stream, its failures and
 * cancelling the upstream call when the client goes away are {@link UpstreamStream}'s, as for the
 * streams that pass through.
 */
public final class TranslatedStream {

    /** Turns the events of one upstream format into calls of the emitters. */
    public interface Decoder {
        /** @return true when this event ends the stream (nothing after it is read) */
        boolean onEvent(SseLines.Event event, TranslatedStream out) throws UpstreamException, StreamAbortedException;

        /** Called once after the last event (or the end of the body); throws if the stream was cut short. */
        void onEnd(TranslatedStream out) throws UpstreamException, StreamAbortedException;
    }

    private final UpstreamStream upstream;
    private final long created = System.currentTimeMillis() / 1000;
    private final StringBuilder text = new StringBuilder();
    private final Set<Integer> started = new HashSet<>();
    private String id;
    private String model;
    private boolean identified;
    private String finish;
    private ChatResult.Usage usage;

    /**
     * @param fallbackId the chunk id used unless the upstream names its response before the first chunk
     * @param includeUsage whether the client asked for a final usage-only chunk (stream_options.include_usage)
     */
    public TranslatedStream(String provider, ChunkSink sink, String fallbackId, String model, boolean includeUsage) {
        this.upstream = new UpstreamStream(provider, sink, includeUsage);
        this.id = fallbackId;
        this.model = model;
    }

    /** Sends the request and decodes its event stream until the decoder says it is done. */
    public ChatResult run(UpstreamHttp http, Request request, Decoder decoder) throws UpstreamException, StreamAbortedException {
        return upstream.run(http, request, new UpstreamStream.Events() {
            @Override
            public boolean onEvent(SseLines.Event event) throws UpstreamException, StreamAbortedException {
                return decoder.onEvent(event, TranslatedStream.this);
            }

            @Override
            public void onEnd() throws UpstreamException, StreamAbortedException {
                decoder.onEnd(TranslatedStream.this);
            }

            @Override
            public ChatResult said() {
                return result();
            }
        });
    }

    /** Parses an event's data as a JSON object, or fails with {@link FailureKind#PROTOCOL}. */
    public ObjectNode parse(String data) throws UpstreamException {
        return upstream.parse(data, "event");
    }

    /** Passes the upstream's own event on, before its translation (see {@link ChunkSink#upstreamEvent}). */
    public void upstreamEvent(ObjectNode event) throws StreamAbortedException {
        upstream.sendUpstreamEvent(event);
    }

    /** Names the response (id and model) as the upstream reports it; ignored once a chunk has been sent. */
    public void identify(String upstreamId, String upstreamModel) {
        if (identified) {
            return;
        }
        if (upstreamId != null && !upstreamId.isBlank()) {
            id = upstreamId;
        }
        if (upstreamModel != null && !upstreamModel.isBlank()) {
            model = upstreamModel;
        }
    }

    /** Sends the first delta of a choice ({@code role: assistant}) unless already sent. */
    public void start(int choice) throws StreamAbortedException {
        if (started.add(choice)) {
            ObjectNode c = chunk(choice);
            delta(c).put("role", "assistant").put("content", "");
            emit(c);
        }
    }

    public void content(int choice, String piece) throws StreamAbortedException {
        if (piece == null || piece.isEmpty()) {
            return;
        }
        start(choice);
        text.append(piece);
        ObjectNode c = chunk(choice);
        delta(c).put("content", piece);
        emit(c);
    }

    /**
     * A piece of the model's reasoning as {@code reasoning_content} (the extension DeepSeek, vLLM and OpenRouter
     * use). Not kept in what was said: the providers that send it count it in their own usage report.
     */
    public void reasoning(int choice, String piece) throws StreamAbortedException {
        if (piece == null || piece.isEmpty()) {
            return;
        }
        start(choice);
        ObjectNode c = chunk(choice);
        delta(c).put("reasoning_content", piece);
        emit(c);
    }

    /** The first delta of a tool call: its id, name and empty arguments (OpenAI's own order). */
    public void toolCallStart(int choice, int index, String callId, String name) throws StreamAbortedException {
        start(choice);
        text.append(name);
        ObjectNode c = chunk(choice);
        ObjectNode tc = delta(c).putArray("tool_calls").addObject().put("index", index).put("id", callId).put("type", "function");
        tc.putObject("function").put("name", name).put("arguments", "");
        emit(c);
    }

    public void toolCallArguments(int choice, int index, String piece) throws StreamAbortedException {
        if (piece == null || piece.isEmpty()) {
            return;
        }
        start(choice);
        text.append(piece);
        ObjectNode c = chunk(choice);
        delta(c).putArray("tool_calls").addObject().put("index", index).putObject("function").put("arguments", piece);
        emit(c);
    }

    /** A tool call that arrived whole upstream, sent whole in one delta. */
    public void toolCallWhole(int choice, int index, String callId, String name, String arguments) throws StreamAbortedException {
        toolCallWhole(choice, index, callId, name, arguments, null);
    }

    /** @param extraContent the tool call's provider extension ({@code extra_content}), or null for none */
    public void toolCallWhole(int choice, int index, String callId, String name, String arguments, ObjectNode extraContent)
            throws StreamAbortedException {
        start(choice);
        text.append(name).append(arguments);
        ObjectNode c = chunk(choice);
        ObjectNode tc = delta(c).putArray("tool_calls").addObject().put("index", index).put("id", callId).put("type", "function");
        tc.putObject("function").put("name", name).put("arguments", arguments);
        if (extraContent != null) {
            tc.set("extra_content", extraContent);
        }
        emit(c);
    }

    /** The finish chunk of a choice: an empty delta with the OpenAI finish reason. */
    public void finish(int choice, String reason) throws StreamAbortedException {
        start(choice);
        if (finish == null || choice == 0) {
            finish = reason;
        }
        ObjectNode c = chunk(choice);
        ((ObjectNode) c.withArray("choices").get(0)).put("finish_reason", reason);
        emit(c);
    }

    /** Records the provider's usage report so far (the latest report wins). */
    public void usage(ChatResult.Usage reported) {
        if (reported != null) {
            usage = reported;
        }
    }

    /** Sends the final usage-only chunk ({@code choices: []}) if the client asked for it and usage is known. */
    public void usageChunk() throws StreamAbortedException {
        if (!upstream.includeUsage() || usage == null) {
            return;
        }
        ObjectNode c = base();
        c.putArray("choices");
        c.set("usage", OpenAiShapes.usage(usage));
        emit(c);
    }

    public ChatResult result() {
        return new ChatResult(null, text.toString(), finish, usage);
    }

    private ObjectNode base() {
        ObjectNode c = Json.mapper().createObjectNode();
        c.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
        return c;
    }

    private ObjectNode chunk(int choice) {
        ObjectNode c = base();
        ObjectNode ch = c.putArray("choices").addObject().put("index", choice);
        ch.putObject("delta");
        ch.putNull("finish_reason");
        if (upstream.includeUsage()) {
            c.putNull("usage");
        }
        return c;
    }

    private static ObjectNode delta(ObjectNode chunk) {
        return (ObjectNode) chunk.withArray("choices").get(0).get("delta");
    }

    private void emit(ObjectNode chunk) throws StreamAbortedException {
        identified = true;
        upstream.send(chunk);
    }
}
