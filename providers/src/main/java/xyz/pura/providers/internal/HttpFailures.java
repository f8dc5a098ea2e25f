package xyz.pura.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Response;
import xyz.pura.events.Json;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.UpstreamException;

/** Classifies upstream HTTP failures and transport errors into {@link FailureKind}: one place for all providers. */
public final class HttpFailures {
    private static final int MAX_MESSAGE = 300;
    /** Anything that looks like a credential (OpenAI/Groq/Anthropic/Google/Pura keys, long tokens): upstreams echo keys in 401s. */
    private static final java.util.regex.Pattern KEY_LIKE = java.util.regex.Pattern.compile(
            "(sk-[A-Za-z0-9_*-]{6,}|gsk_[A-Za-z0-9_*]{6,}|AIza[A-Za-z0-9_*-]{6,}|pura_[0-9a-f*]{6,}|[A-Za-z0-9_-]{32,})");

    /** What an out-of-money refusal says: a spent credit balance, a reached spend limit. */
    private static final java.util.regex.Pattern BILLING_WORDS = java.util.regex.Pattern.compile(
            "credit balance is too low|spend[_ ]limit|api usage limits");

    private HttpFailures() {
    }

    public static FailureKind kindOf(int status) {
        return switch (status) {
            case 401, 403 -> FailureKind.AUTHENTICATION;
            case 408, 504 -> FailureKind.TIMEOUT;
            case 429 -> FailureKind.RATE_LIMITED;
            case 503, 529 -> FailureKind.OVERLOADED;
            default -> status >= 500 ? FailureKind.SERVER_ERROR : FailureKind.BAD_REQUEST;
        };
    }

    /**
     * 429 with this {@code error.code} (or {@code error.type}): the account's quota or billing is exhausted (OpenAI).
     * Waiting does not help and neither does another try with the same key, so it is classified as
     * {@link FailureKind#AUTHENTICATION}, the existing kind that says "this key cannot be used here": not retryable,
     * and a policy matter rather than the provider's fault (its circuit is not tripped by it).
     */
    static final String INSUFFICIENT_QUOTA = "insufficient_quota";

    /**
     * Reads (and closes) an unsuccessful response into an exception. The wait is {@link RetryAfter}'s: a 429's
     * {@code x-ratelimit-reset-*} headers count when no Retry-After is given; only OpenAI and Groq send those (Anthropic's
     * are named {@code anthropic-ratelimit-*}, Gemini sends none), so for the others this is Retry-After alone.
     */
    public static UpstreamException fromResponse(String provider, Response response) {
        String body;
        try {
            body = response.body().string();
        } catch (IOException e) {
            body = "";
        }
        int status = response.code();
        String message = provider + " answered " + status + ": " + upstreamMessage(body);
        if ((status == 429 && quotaExhausted(body)) || accountCannotPay(status, body)) {
            // not a rate limit: the account cannot pay; no wait to honour, and no retry
            return new UpstreamException(FailureKind.AUTHENTICATION, status, message, null);
        }
        Duration retryAfter = RetryAfter.of(response::header, status == 429, Instant.now());
        return new UpstreamException(kindOf(status), status, message, retryAfter != null ? retryAfter : retryInfoDelay(body));
    }

    /** Whether an error body says the account's quota is exhausted ({@code insufficient_quota}). */
    static boolean quotaExhausted(String body) {
        try {
            JsonNode error = Json.mapper().readTree(body).path("error");
            return INSUFFICIENT_QUOTA.equals(error.path("code").asText(null))
                    || INSUFFICIENT_QUOTA.equals(error.path("type").asText(null));
        } catch (IOException | RuntimeException notJson) {
            return false;
        }
    }

    /**
     * Whether a 4xx says the account behind the key cannot pay: Anthropic's {@code billing_error}, its "credit balance
     * is too low" 400, or a 429 that names the workspace's spend limit instead of a rate. Waiting does not refill an
     * account, so retrying is pointless; it is the key's account and not the caller's request, hence
     * {@link FailureKind#AUTHENTICATION} (not retryable, not blamed on the caller) rather than BAD_REQUEST or RATE_LIMITED.
     */
    static boolean accountCannotPay(int status, String body) {
        if (status < 400 || status >= 500 || body == null || body.isEmpty()) {
            return false;
        }
        try {
            JsonNode error = Json.mapper().readTree(body).path("error");
            String message = error.path("message").asText("").toLowerCase(java.util.Locale.ROOT);
            return "billing_error".equals(error.path("type").asText()) || BILLING_WORDS.matcher(message).find();
        } catch (IOException | RuntimeException notJson) {
            return false;
        }
    }

    /**
     * The delay of a {@code google.rpc.RetryInfo} in a Google error body ({@code error.details[]} entry with
     * {@code "@type": "type.googleapis.com/google.rpc.RetryInfo"} and {@code retryDelay} as a protobuf JSON duration,
     * decimal seconds with an "s", e.g. {@code "31s"}, {@code "1.5s"}), or null. Gemini's 429s say how long to wait
     * only there, never in a Retry-After header.
     */
    static Duration retryInfoDelay(String body) {
        try {
            JsonNode details = Json.mapper().readTree(body).path("error").path("details");
            for (JsonNode d : details) {
                String delay = d.path("retryDelay").asText("");
                if (d.path("@type").asText("").endsWith("google.rpc.RetryInfo") && delay.matches("\\d{1,9}(\\.\\d{1,9})?s")) {
                    return Duration.ofNanos(new java.math.BigDecimal(delay.substring(0, delay.length() - 1))
                            .movePointRight(9).longValueExact());
                }
            }
        } catch (IOException | RuntimeException notThere) {
            // no readable RetryInfo
        }
        return null;
    }

    public static UpstreamException fromIo(String provider, IOException e) {
        return fromIo(provider, e, false);
    }

    /** @param silenced whether the call was cancelled for its silence ({@link SilenceWatchdog}): a timeout */
    static UpstreamException fromIo(String provider, IOException e, boolean silenced) {
        boolean timeout = silenced || e instanceof SocketTimeoutException || e instanceof InterruptedIOException;
        return new UpstreamException(timeout ? FailureKind.TIMEOUT : FailureKind.TRANSPORT, null,
                provider + (timeout ? " timed out" : " unreachable: " + e.getClass().getSimpleName()), null);
    }

    /** The upstream's own error message (OpenAI, Anthropic and Gemini all use error.message), shortened. */
    public static String upstreamMessage(String body) {
        String message = body;
        try {
            JsonNode node = Json.mapper().readTree(body);
            JsonNode m = node == null ? null : node.path("error").path("message");
            if (m != null && m.isTextual()) {
                message = m.asText();
            }
        } catch (IOException ignored) {
            // not JSON: keep the raw text
        }
        message = message == null ? "" : KEY_LIKE.matcher(message.strip()).replaceAll("<redacted>");
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
    }
}
