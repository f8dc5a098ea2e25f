package xyz.pura.ingress.internal;

import io.javalin.http.Context;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a whole JSON answer, by the cheapest way that still compresses what Javalin would. */
public final class JsonAnswer {
    private static final Logger LOG = LoggerFactory.getLogger(JsonAnswer.class);

    /**
     * The size from which a result is gzipped for clients that accept it. {@code IngressServer} sets it as
     * Javalin's compression threshold, so the answers written past Javalin below are exactly those it would
     * not have compressed.
     */
    public static final int COMPRESSION_MIN_BYTES = 1500;

    private JsonAnswer() {
    }

    /**
     * Writes an answer smaller than Javalin's compression threshold straight to the response:
     * {@code ctx.result(bytes)} copies every result through a fresh 8 KB buffer, the second largest source of
     * garbage per request. Larger answers still go through Javalin, which gzips them for clients that accept it.
     * A client that left meanwhile is only logged: the answer was complete, and billed, before it was written.
     */
    public static void write(Context ctx, byte[] json) {
        ctx.status(200).contentType("application/json");
        if (json.length >= COMPRESSION_MIN_BYTES) {
            ctx.result(json);
            return;
        }
        ctx.res().setContentLength(json.length);
        try {
            ctx.res().getOutputStream().write(json);
        } catch (IOException clientGone) {
            LOG.debug("client left before the answer was written: {}", clientGone.toString());
        }
    }
}
