package xyz.pura.ingress.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import xyz.pura.events.Json;
import xyz.pura.events.refusal.Refusal;

/**
 * A {@link Refusal} in Anthropic's error shape, {@code {"type":"error","error":{"type","message"}}}, for the Messages
 * door ({@code /v1/messages} and below): the status is the one {@link ErrorEnvelope} gives the refusal (so the two
 * doors never disagree on what a refusal means), the type is Anthropic's for that status. A 402 keeps Pura's
 * {@code funding} invoice inside {@code error}, as the chat door's envelope does.
 */
public final class MessagesErrorEnvelope {
    /** The path of the Messages door; errors of any path under it are rendered in Anthropic's shape. */
    public static final String PATH = "/v1/messages";

    private MessagesErrorEnvelope() {
    }

    /** Whether a request to {@code path} is answered in Anthropic's shape. */
    public static boolean covers(String path) {
        return path != null && (path.equals(PATH) || path.startsWith(PATH + "/"));
    }

    /** Anthropic's error type for the refusal. */
    public static String type(Refusal r) {
        if (r instanceof Refusal.Unavailable) {
            return "overloaded_error";
        }
        return switch (ErrorEnvelope.status(r)) {
            case 400, 405, 408, 409, 415, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> "api_error";
        };
    }

    /** The {@code error} object alone (also the payload of a stream's {@code event: error}). */
    public static ObjectNode body(Refusal r) {
        ObjectNode root = Json.mapper().createObjectNode().put("type", "error");
        ObjectNode error = root.putObject("error");
        error.put("type", type(r));
        error.put("message", r.message());
        if (r instanceof Refusal.PaymentRequired p) {
            p.extra().forEach((k, v) -> error.set(k, Json.mapper().valueToTree(v)));
        }
        return root;
    }

    /** Answers the refusal: its status, its headers (Retry-After), the body. */
    public static void write(Context ctx, Refusal r) {
        r.headers().forEach(ctx::header);
        ctx.status(ErrorEnvelope.status(r)).contentType("application/json").result(Json.bytes(body(r)));
    }
}
