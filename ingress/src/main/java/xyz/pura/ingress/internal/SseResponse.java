package xyz.pura.ingress.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import xyz.pura.events.Json;

/**
 * An SSE response in OpenAI's shape: {@code data: <json>\n\n} per chunk, {@code data: [DONE]} at the end.
 * Nothing is committed until the first chunk, so a failure before it can still become a JSON error.
 */
public final class SseResponse {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final Context ctx;
    private OutputStream out;
    private long firstByteNanos;

    public SseResponse(Context ctx) {
        this.ctx = ctx;
    }

    public void send(ObjectNode chunk) throws IOException {
        OutputStream o = open();
        o.write(DATA);
        o.write(Json.bytes(chunk));
        o.write(END);
        o.flush();
    }

    public void done() throws IOException {
        open().write(DONE);
        out.flush();
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
}
