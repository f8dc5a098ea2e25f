package xyz.pura.ingress.internal;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import xyz.pura.events.refusal.Refusal;

/**
 * Jetty's own errors, raised before a request reaches a route (headers over the size limit, a malformed
 * request line, an unparsable URI): answered in OpenAI's error envelope like every other error, never
 * with Jetty's HTML page. Messages are fixed texts: nothing from the request is echoed back.
 */
public final class JsonErrorHandler extends ErrorHandler {

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON.asString()));
        return ByteBuffer.wrap(body(status));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON.asString());
        response.write(true, ByteBuffer.wrap(body(status)), callback);
        return true;
    }

    static byte[] body(int status) {
        return ErrorEnvelope.bytes(switch (status) {
            case 431 -> new Refusal.Protocol(431, "request_header_too_large",
                    "The request headers are too large (the limit is 8 KiB in all).");
            case 413 -> new Refusal.TooLarge("request_too_large", "The request is too large.");
            case 414 -> new Refusal.Protocol(414, "uri_too_long", "The request URI is too long.");
            case 400 -> new Refusal.Protocol(400, "bad_request", "The HTTP request is malformed.");
            default -> status >= 500
                    ? new Refusal.Protocol(status, "internal_error", "The gateway failed to handle this request.")
                    : new Refusal.Protocol(status, "bad_request", "The HTTP request was refused.");
        });
    }
}
