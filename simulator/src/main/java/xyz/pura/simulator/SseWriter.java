package xyz.pura.simulator;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes Server-Sent Events straight to the response, flushing each one. Throws when the client is gone. */
final class SseWriter {
    private final OutputStream out;

    SseWriter(Context ctx) throws IOException {
        ctx.status(200);
        ctx.res().setContentType("text/event-stream");
        ctx.res().setHeader("Cache-Control", "no-cache");
        this.out = ctx.res().getOutputStream();
    }

    void data(String json) throws IOException {
        write("data: " + json + "\n\n");
    }

    void event(String name, String json) throws IOException {
        write("event: " + name + "\ndata: " + json + "\n\n");
    }

    /** Ends the response without the stream's normal ending, as a dropped connection would. */
    void drop() throws IOException {
        out.close();
    }

    private void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
