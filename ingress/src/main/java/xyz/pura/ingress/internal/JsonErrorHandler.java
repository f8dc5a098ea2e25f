package xyz.pura.ingress.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import xyz.pura.events.Json;

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
        String code;
        String message;
        switch (status) {
            case 431 -> {
                code = "request_header_too_large";
                message = "The request headers are too large (the limit is 8 KiB in all).";
            }
            case 413 -> {
                code = "request_too_large";
                message = "The request is too large.";
            }
            case 414 -> {
                code = "uri_too_long";
                message = "The request URI is too long.";
            }
            case 400 -> {
                code = "bad_request";
                message = "The HTTP request is malformed.";
            }
            default -> {
                code = status >= 500 ? "internal_error" : "bad_request";
                message = status >= 500 ? "The gateway failed to handle this request." : "The HTTP request was refused.";
            }
        }
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", status >= 500 ? "server_error" : "invalid_request_error");
        error.putNull("param");
        error.put("code", code);
        return Json.bytes(root);
    }
}
