package xyz.pura.events.refusal;

import java.time.Duration;
import java.util.Map;

/**
 * Why the gateway will not (or could not) answer a request, as a value: the one vocabulary of refusals that
 * admission, keys, routing, the wallet and the pipeline use. Nothing here knows HTTP: each front door renders a
 * refusal in its protocol's error shape (the OpenAI envelope is written in exactly one place, the ingress's
 * {@code ErrorEnvelope}), choosing the status from the kind of refusal. A switch over the family is exhaustive, so
 * a new kind cannot be added without saying how every door answers it.
 *
 * <p>{@code code} is the machine-readable reason clients match on (e.g. {@code budget_exhausted}); {@code message}
 * is for people and never echoes a secret. {@link #headers()} are response metadata that belong to the refusal
 * (Retry-After, the budget's {@code X-Pura-Budget-*}). A refusal travels up to its door in a {@code Refused}.
 */
public sealed interface Refusal {
    String code();

    String message();

    /** Response metadata that belongs to the refusal (e.g. Retry-After); empty by default. */
    default Map<String, String> headers() {
        return Map.of();
    }

    /** Retry-After in whole seconds, at least 1. */
    static Map<String, String> retryAfter(long seconds) {
        return Map.of("Retry-After", Long.toString(Math.max(1, seconds)));
    }

    /** Retry-After from a duration, or nothing when it is null. */
    static Map<String, String> retryAfter(Duration d) {
        return d == null ? Map.of() : retryAfter(d.toSeconds());
    }

    /** The request is malformed or names something the gateway will not serve. {@code param}: the offending field, or null. */
    record Invalid(String code, String message, String param) implements Refusal {
        public Invalid(String code, String message) {
            this(code, message, null);
        }
    }

    /** No credential, or one that is not valid. */
    record Unauthenticated(String code, String message) implements Refusal {
    }

    /** A valid credential that may not do this. */
    record Forbidden(String code, String message) implements Refusal {
    }

    /** What the request names does not exist (an invoice, a key, an endpoint). */
    record NotFound(String code, String message, String param) implements Refusal {
        public NotFound(String code, String message) {
            this(code, message, null);
        }
    }

    /** The endpoint exists but not with this method. */
    record MethodNotAllowed(String code, String message) implements Refusal {
    }

    /** The request did not arrive in time (its body was too slow). */
    record TooSlow(String code, String message, Map<String, String> headers) implements Refusal {
        public TooSlow {
            headers = Map.copyOf(headers);
        }
    }

    /** The request conflicts with the state of what it names (an expired invoice, a backend without manual settlement). */
    record Conflict(String code, String message) implements Refusal {
    }

    /** The request is larger than the gateway takes. */
    record TooLarge(String code, String message) implements Refusal {
    }

    /**
     * A refusal of the HTTP layer itself, before any route (a header block over the limit, a URI too long, a request
     * line that does not parse): only these carry their status, since they have no meaning outside HTTP.
     */
    record Protocol(int status, String code, String message) implements Refusal {
    }

    /** The key's daily budget is spent. */
    record BudgetExhausted(String code, String message, Map<String, String> headers) implements Refusal {
        public BudgetExhausted {
            headers = Map.copyOf(headers);
        }
    }

    /**
     * The key's free requests are used up and its sats balance does not cover the request. {@code extra}: members added
     * to the error object (the {@code funding} invoice to pay).
     */
    record PaymentRequired(String code, String message, Map<String, Object> extra) implements Refusal {
        public PaymentRequired {
            extra = Map.copyOf(extra);
        }
    }

    /** Too many requests of this caller (its rate, or reservations in flight that hold its room); retry later. */
    record RateLimited(String code, String message, Map<String, String> headers) implements Refusal {
        public RateLimited {
            headers = Map.copyOf(headers);
        }
    }

    /** The gateway cannot serve anyone this right now (overloaded, billing log or ledger unreachable); retry later. */
    record Unavailable(String code, String message, Map<String, String> headers) implements Refusal {
        public Unavailable {
            headers = Map.copyOf(headers);
        }

        public Unavailable(String code, String message) {
            this(code, message, Map.of());
        }
    }

    /**
     * Every provider tried failed. {@code status}: the status the gateway answers for the last failure's kind (the
     * providers' classification); {@code callerFault}: whether the request itself was at fault (the upstream refused
     * it), not the upstream.
     */
    record Upstream(int status, boolean callerFault, String code, String message, Map<String, String> headers)
            implements Refusal {
        public Upstream {
            headers = Map.copyOf(headers);
        }
    }

    /** The gateway failed; logged where it happened. */
    record Internal(String code, String message) implements Refusal {
        public static Internal unexpected() {
            return new Internal("internal_error", "The gateway failed to handle this request. It has been logged.");
        }
    }
}
