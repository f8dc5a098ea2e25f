package xyz.pura.ingress.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.EndPoint;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.events.Json;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.gateway.pipeline.ChatStream;

/**
 * An SSE response in OpenAI's shape: {@code data: <json>\n\n} per chunk, {@code data: [DONE]} at the end (or, for
 * the Messages door, named events, {@link #event}).
 * Nothing is committed until the first chunk, so a failure before it can still become a JSON error.
 *
 * <p>Each chunk's write must return within the request's write timeout (PURA_STREAM_WRITE_TIMEOUT_SECONDS): a client that stops
 * reading fills its TCP window, the write blocks, and past the timeout the connection is closed, so the write fails
 * with an IOException and the stream ends as cancelled, billed for the chunks whose writes returned.
 */
public final class SseResponse implements ChatStream {
    private static final Logger LOG = LoggerFactory.getLogger(SseResponse.class);
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final Context ctx;
    private final WriteDeadline deadline;
    private OutputStream out;
    private long firstByteNanos;

    /** @param timeout how long each write may block (null: only Jetty's idle timeout bounds it) */
    public SseResponse(Context ctx, Duration timeout) {
        this.ctx = ctx;
        EndPoint endPoint = timeout == null ? null : JettyConnection.of(ctx);
        this.deadline = endPoint == null ? null : new WriteDeadline(timeout, () -> endPoint.close(
                new TimeoutException("a stream write blocked for " + timeout.toMillis() + " ms")));
    }

    @Override
    public void send(Map<String, String> headers, ObjectNode chunk) throws IOException {
        write(headers, null, chunk);
    }

    /**
     * Writes one named event ({@code event: <name>\ndata: <json>\n\n}), as the Responses and Messages APIs stream;
     * the first write commits the response with {@code headers}, as {@link #send} does.
     */
    public void event(Map<String, String> headers, String name, ObjectNode data) throws IOException {
        write(headers, name, data);
    }

    private void write(Map<String, String> headers, String name, ObjectNode data) throws IOException {
        byte[] json = Json.bytes(data);
        begin();
        try {
            if (out == null) {
                headers.forEach(ctx::header);
            }
            OutputStream o = open();
            if (name != null) {
                o.write(EVENT);
                o.write(name.getBytes(StandardCharsets.UTF_8));
                o.write('\n');
            }
            o.write(DATA);
            o.write(json);
            o.write(END);
            o.flush();
        } catch (IOException e) {
            throw failure(e);
        } finally {
            end();
        }
    }

    @Override
    public void done() throws IOException {
        begin();
        try {
            open().write(DONE);
            out.flush();
        } catch (IOException e) {
            throw failure(e);
        } finally {
            end();
        }
    }

    /** OpenAI's shape for an error after the stream started: the error envelope in a data line. */
    @Override
    public void error(Refusal refusal) {
        try {
            send(Map.of(), ErrorEnvelope.body(refusal));
        } catch (IOException clientGone) {
            // the client is gone too; the completion event records the failure either way
            LOG.debug("could not send the stream's error: {}", clientGone.toString());
        }
    }

    @Override
    public boolean started() {
        return out != null;
    }

    @Override
    public long firstByteNanos() {
        return firstByteNanos;
    }

    private OutputStream open() throws IOException {
        if (out == null) {
            ctx.status(200);
            ctx.res().setContentType("text/event-stream; charset=utf-8");
            ctx.res().setHeader("Cache-Control", "no-cache");
            ctx.res().setHeader("X-Accel-Buffering", "no");
            out = ctx.res().getOutputStream();
            firstByteNanos = System.nanoTime();
        }
        return out;
    }

    private void begin() {
        if (deadline != null) {
            deadline.begin();
        }
    }

    private void end() {
        if (deadline != null) {
            deadline.end();
        }
    }

    private IOException failure(IOException e) {
        if (deadline != null && deadline.expired()) {
            return new IOException("the client stopped reading: a write to it blocked for "
                    + deadline.timeout().toSeconds() + " s (PURA_STREAM_WRITE_TIMEOUT_SECONDS)", e);
        }
        return e;
    }
}
