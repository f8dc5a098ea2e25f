package xyz.pura.ingress.internal;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletChannel;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * The Jetty connection under a request (Javalin serves on Jetty 12's ee10 servlets): its endpoint's idle timeout,
 * which bounds a blocking read that waits for bytes, and closing it, which fails a write blocked on a full socket.
 */
final class JettyConnection {
    private JettyConnection() {
    }

    /** The request's endpoint, or null if the request is not Jetty's (then nothing is bounded beyond Jetty's defaults). */
    static EndPoint of(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request == null) {
            return null;
        }
        ServletChannel channel = request.getServletChannel();
        return channel == null ? null : channel.getEndPoint();
    }
}
