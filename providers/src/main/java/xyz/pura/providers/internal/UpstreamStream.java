package xyz.pura.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;
import xyz.pura.events.Json;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.ChunkSink;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.StreamAbortedException;
import xyz.pura.providers.UpstreamException;

/**
 * The one loop that reads an upstream's event stream, whether its chunks pass through (OpenAI, Groq) or are
 * translated ({@link TranslatedStream}): so that every provider's stream is bounded by the same silence limit, fails
 * the same way and stops the upstream the same way. The call runs under its {@link SilenceWatchdog} guard from its
 * start to the end of the body; an I/O failure is a timeout if the guard cancelled the call, else a transport
 * failure; an unsuccessful status is classified by {@link HttpFailures}. When the client goes away, {@link #send}
 * cancels the upstream call at once (no tokens are generated for no one) and throws {@link StreamAbortedException}
 * with what was said so far, which is what the gateway prices a cancelled stream from.
 */
public final class UpstreamStream {

    /** What one upstream format makes of its events. */
    public interface Events {
        /** @return true when this event ends the stream (nothing after it is read) */
        boolean onEvent(SseLines.Event event) throws UpstreamException, StreamAbortedException;

        /** Called once after the last event (or the end of the body); throws if the stream was cut short. */
        void onEnd() throws UpstreamException, StreamAbortedException;

        /** What the stream has said so far: its result when read to the end, its partial one when the client left. */
        ChatResult said();
    }

    private final String provider;
    private final ChunkSink sink;
    private final boolean includeUsage;
    private Call call;
    private Events events;

    /** @param includeUsage whether the client asked for a final usage-only chunk (stream_options.include_usage) */
    public UpstreamStream(String provider, ChunkSink sink, boolean includeUsage) {
        this.provider = provider;
        this.sink = sink;
        this.includeUsage = includeUsage;
    }

    /** Sends the request and hands its events to {@code events} until they say the stream is over. */
    public ChatResult run(UpstreamHttp http, Request request, Events events) throws UpstreamException, StreamAbortedException {
        this.events = events;
        call = http.newCall(request);
        try (SilenceWatchdog.Guard silence = http.watch(call)) {
            Response response;
            try {
                response = call.execute();
            } catch (IOException e) {
                throw silence.failure(provider, e);
            }
            try (response) {
                if (!response.isSuccessful()) {
                    throw HttpFailures.fromResponse(provider, response);
                }
                SseLines lines = new SseLines(silence.watch(response.body().source()));
                SseLines.Event event;
                while ((event = next(lines, silence)) != null) {
                    if (events.onEvent(event)) {
                        break;
                    }
                }
                events.onEnd();
                return events.said();
            }
        }
    }

    private SseLines.Event next(SseLines lines, SilenceWatchdog.Guard silence) throws UpstreamException {
        try {
            return lines.next();
        } catch (IOException e) {
            throw silence.failure(provider, e);
        }
    }

    /** Whether the client asked for the final usage-only chunk. */
    public boolean includeUsage() {
        return includeUsage;
    }

    /**
     * Parses an event's data as a JSON object, or fails with {@link FailureKind#PROTOCOL}.
     *
     * @param what what the upstream calls its events, for the message ("chunk", "event")
     */
    public ObjectNode parse(String data, String what) throws UpstreamException {
        try {
            JsonNode node = Json.mapper().readTree(data);
            if (node != null && node.isObject()) {
                return (ObjectNode) node;
            }
        } catch (IOException ignored) {
            // reported below
        }
        throw new UpstreamException(FailureKind.PROTOCOL, null, provider + " sent an unreadable stream " + what, null);
    }

    /**
     * Sends a chunk to the client (from within {@link #run}, by its events); if the client is gone, cancels the
     * upstream call and throws with what was said so far.
     */
    public void send(ObjectNode chunk) throws StreamAbortedException {
        try {
            sink.accept(chunk);
        } catch (IOException clientGone) {
            call.cancel();
            throw new StreamAbortedException(events.said(), clientGone);
        }
    }

    /** Passes one upstream event in its own format to the client ({@link ChunkSink#upstreamEvent}); as {@link #send} if it is gone. */
    public void sendUpstreamEvent(ObjectNode event) throws StreamAbortedException {
        try {
            sink.upstreamEvent(event);
        } catch (IOException clientGone) {
            call.cancel();
            throw new StreamAbortedException(events.said(), clientGone);
        }
    }

    /** Sends a usage-only chunk ({@code choices: []}) only if the client asked for one (the gateway adds its own). */
    public void sendUsage(ObjectNode chunk) throws StreamAbortedException {
        if (includeUsage) {
            send(chunk);
        }
    }
}
