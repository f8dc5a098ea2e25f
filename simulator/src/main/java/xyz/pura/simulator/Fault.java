package xyz.pura.simulator;

/**
 * A fault the simulator injects instead of (or into) an answer. Chosen per request by the
 * {@code X-Sim-Fault} header, or per provider by {@link SimulatorState#injectFault}.
 *
 * <p>Header syntax: {@code status:500}, {@code status:429}, {@code status:529}, {@code timeout},
 * {@code error-mid-stream}, {@code drop-mid-stream}; answered by the Anthropic format only (the others answer
 * normally): {@code error-after-start} (an overloaded_error event right after message_start, before any content),
 * {@code billing} (a 400 billing_error: the credit balance is spent) and {@code spend-limit} (a 429 naming the
 * workspace's spend limit); by the OpenAI and Groq formats only: {@code insufficient-quota} (OpenAI's 429 for an
 * exhausted quota or billing); by the Gemini format only: {@code finish:SAFETY} (an answer that ends with that
 * finish reason, {@code detail}).
 */
public record Fault(Kind kind, int status, String detail) {

    public enum Kind { STATUS, TIMEOUT, ERROR_MID_STREAM, DROP_MID_STREAM, ERROR_AFTER_START, BILLING, SPEND_LIMIT,
        INSUFFICIENT_QUOTA, FINISH }

    public Fault(Kind kind, int status) {
        this(kind, status, null);
    }

    public static Fault parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        if (h.startsWith("status:")) {
            return new Fault(Kind.STATUS, Integer.parseInt(h.substring("status:".length()).trim()));
        }
        if (h.startsWith("finish:")) {
            return finish(h.substring("finish:".length()).trim());
        }
        return switch (h) {
            case "timeout" -> new Fault(Kind.TIMEOUT, 0);
            case "error-mid-stream" -> new Fault(Kind.ERROR_MID_STREAM, 0);
            case "drop-mid-stream" -> new Fault(Kind.DROP_MID_STREAM, 0);
            case "error-after-start" -> new Fault(Kind.ERROR_AFTER_START, 0);
            case "billing" -> new Fault(Kind.BILLING, 400);
            case "spend-limit" -> new Fault(Kind.SPEND_LIMIT, 429);
            case "insufficient-quota" -> new Fault(Kind.INSUFFICIENT_QUOTA, 429);
            default -> throw new IllegalArgumentException("unknown fault: " + h);
        };
    }

    public static Fault status(int status) {
        return new Fault(Kind.STATUS, status);
    }

    /** An answer that ends with {@code reason} (the provider's own name of it, e.g. Gemini's SAFETY). */
    public static Fault finish(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a finish fault needs a reason");
        }
        return new Fault(Kind.FINISH, 0, reason);
    }
}
