package xyz.pura.ingress.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.EndPoint;
import xyz.pura.events.Json;

/**
 * An SSE response in OpenAI's shape: {@code data: <json>\n\n} per chunk, {@code data: [DONE]} at the end.
 * Nothing is committed until the first chunk, so a failure before it can still become a JSON error.
 *
 * <p>Each chunk's write must return within the request's write timeout ({@link #writeTimeout}): a client that stops
 * reading fills its TCP window, the write blocks, and past the timeout the connection is closed, so the write fails
 * with an IOException and the stream ends as cancelled, billed for the chunks whose writes returned.
 */
public final class SseResponse {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
    private static final String WRITE_TIMEOUT = SseResponse.class.getName() + ".writeTimeout";

    private final Context ctx;
    private final WriteDeadline deadline;
    private OutputStream out;
    private long firstByteNanos;

    public SseResponse(Context ctx) {
        this.ctx = ctx;
        Duration timeout = ctx.attribute(WRITE_TIMEOUT);
        EndPoint endPoint = timeout == null ? null : JettyConnection.of(ctx);
        this.deadline = endPoint == null ? null : new WriteDeadline(timeout, () -> endPoint.close(
                new TimeoutException("a stream write blocked for " + timeout.toMillis() + " ms")));
    }

    /**
     * Sets how long each write of a stream answered to this request may block (PURA_STREAM_WRITE_TIMEOUT_SECONDS);
     * without it, only Jetty's idle timeout bounds a write.
     */
    public static void writeTimeout(Context ctx, Duration timeout) {
        ctx.attribute(WRITE_TIMEOUT, timeout);
    }

    public void send(ObjectNode chunk) throws IOException {
        byte[] json = Json.bytes(chunk);
        begin();
        try {
            OutputStream o = open();
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

    /** Whether any byte has gone to the client (after which the status can no longer change). */
    public boolean started() {
        return out != null;
    }

    /** System.nanoTime() of the first chunk, or 0. */
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
