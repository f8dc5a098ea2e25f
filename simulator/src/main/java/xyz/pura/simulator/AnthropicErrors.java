package xyz.pura.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/**
 * Anthropic's error answers: {@code {"type":"error","error":{"type","message"},"request_id"}} with the same id in the
 * {@code request-id} header (what support asks for), {@code retry-after} on a rate limit; and the faults only the
 * Anthropic format answers (see {@link Fault}).
 */
final class AnthropicErrors {
    private AnthropicErrors() {
    }

    /** Anthropic's error type for an HTTP status. */
    static String type(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
    }

    /**
     * Answers the faults only Anthropic's format has: an account out of money (a billing_error; a 429 that names the
     * workspace's spend limit rather than a rate), and an overload before any content, a 529 when not streamed (a
     * stream sends it as an event right after message_start).
     *
     * @return whether the request was answered
     */
    static boolean accountOrEarlyFault(Context ctx, Fault fault, boolean stream) {
        switch (fault.kind()) {
            case BILLING -> write(ctx, fault.status(), "billing_error",
                    "The organization's credit balance is too low to use the API (simulated).");
            case SPEND_LIMIT -> write(ctx, 429, "rate_limit_error",
                    "The workspace has reached its spend limit (enforced_spend_limit_reached, simulated); raise it to continue.");
            case ERROR_AFTER_START -> {
                if (stream) {
                    return false;
                }
                write(ctx, 529, "overloaded_error", "Overloaded");
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    static void write(Context ctx, int status, String type, String message) {
        String requestId = "req_sim" + Long.toHexString(System.nanoTime());
        ObjectNode e = JsonNodeFactory.instance.objectNode().put("type", "error");
        e.putObject("error").put("type", type).put("message", message);
        e.put("request_id", requestId);
        if (status == 429 && !message.contains("spend limit")) {
            ctx.header("retry-after", "1");
        }
        ctx.header("request-id", requestId);
        ctx.status(status).contentType("application/json").result(e.toString());
    }
}
