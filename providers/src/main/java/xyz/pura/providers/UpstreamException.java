package xyz.pura.providers;

import java.time.Duration;

/** An upstream call failed; {@link #kind()} says how. Never carries a key in its message. */
public class UpstreamException extends Exception {
    private final FailureKind kind;
    private final Integer httpStatus;
    private final Duration retryAfter;

    public UpstreamException(FailureKind kind, Integer httpStatus, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public FailureKind kind() {
        return kind;
    }

    /** The upstream's HTTP status, or null for transport failures. */
    public Integer httpStatus() {
        return httpStatus;
    }

    /** The upstream's Retry-After, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
