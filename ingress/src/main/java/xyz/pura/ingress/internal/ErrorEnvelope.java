package xyz.pura.ingress.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import xyz.pura.events.Json;
import xyz.pura.events.refusal.Refusal;

/**
 * The one place a {@link Refusal} becomes OpenAI's error envelope, {@code {"error":{"message","type","param","code"}}},
 * and an HTTP status: JSON answers ({@link ErrorMapper}), Jetty's own errors ({@link JsonErrorHandler}) and errors in
 * the middle of a stream ({@link SseResponse}) all render through it. The switches are exhaustive over the sealed
 * family, so a new kind of refusal does not compile until it is given a status and a type here.
 */
public final class ErrorEnvelope {
    private ErrorEnvelope() {
    }

    public static int status(Refusal r) {
        return switch (r) {
            case Refusal.Invalid i -> 400;
            case Refusal.Unauthenticated u -> 401;
            case Refusal.BudgetExhausted b -> 402;
            case Refusal.PaymentRequired p -> 402;
            case Refusal.Forbidden f -> 403;
            case Refusal.NotFound n -> 404;
            case Refusal.MethodNotAllowed m -> 405;
            case Refusal.TooSlow t -> 408;
            case Refusal.Conflict c -> 409;
            case Refusal.TooLarge t -> 413;
            case Refusal.RateLimited l -> 429;
            case Refusal.Internal i -> 500;
            case Refusal.Unavailable u -> 503;
            case Refusal.Upstream u -> u.status();
            case Refusal.Protocol p -> p.status();
        };
    }

    /** OpenAI's error {@code type}, plus Pura's own for money ({@code budget_exceeded}, {@code payment_required}). */
    public static String type(Refusal r) {
        return switch (r) {
            case Refusal.Invalid i -> "invalid_request_error";
            case Refusal.Unauthenticated u -> "invalid_request_error";
            case Refusal.NotFound n -> "invalid_request_error";
            case Refusal.MethodNotAllowed m -> "invalid_request_error";
            case Refusal.TooSlow t -> "invalid_request_error";
            case Refusal.Conflict c -> "invalid_request_error";
            case Refusal.TooLarge t -> "invalid_request_error";
            case Refusal.Forbidden f -> "permission_error";
            case Refusal.BudgetExhausted b -> "budget_exceeded";
            case Refusal.PaymentRequired p -> "payment_required";
            case Refusal.RateLimited l -> "rate_limit_error";
            case Refusal.Internal i -> "server_error";
            case Refusal.Unavailable u -> "server_error";
            case Refusal.Upstream u -> u.callerFault() ? "invalid_request_error" : "upstream_error";
            case Refusal.Protocol p -> p.status() >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    public static ObjectNode body(Refusal r) {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", r.message());
        error.put("type", type(r));
        String param = switch (r) {
            case Refusal.Invalid i -> i.param();
            case Refusal.NotFound n -> n.param();
            default -> null;
        };
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        if (r.code() == null) {
            error.putNull("code");
        } else {
            error.put("code", r.code());
        }
        if (r instanceof Refusal.PaymentRequired p) {
            p.extra().forEach((k, v) -> error.set(k, Json.mapper().valueToTree(v)));
        }
        return root;
    }

    public static byte[] bytes(Refusal r) {
        return Json.bytes(body(r));
    }
}
