package xyz.pura.lightning;

import java.util.Objects;

/**
 * Any failure of a Lightning backend, classified by {@link Kind}. Messages never contain
 * secrets (macaroons, API keys), nor response bodies that might echo them.
 */
public final class LightningException extends RuntimeException {

    /** Whose fault a failure is, so callers map it to one HTTP status in one place. */
    public enum Kind {
        /** The caller's arguments were invalid; nothing reached the backend. */
        INVALID_REQUEST,
        /** The backend does not know this invoice. */
        NOT_FOUND,
        /** The invoice expired, so it cannot be settled. */
        EXPIRED,
        /** The backend answered with an error status (4xx/5xx other than not-found). */
        BACKEND_REJECTED,
        /** The backend answered 2xx with a body we cannot use (missing fields, wrong amount or hash). */
        BAD_RESPONSE,
        /** The backend could not be reached (connect, TLS, timeout) or local storage failed. */
        UNAVAILABLE
    }

    private final Kind kind;

    /** A failure without an underlying cause. */
    public LightningException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A failure caused by {@code cause}. */
    public LightningException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** The classification of this failure. */
    public Kind kind() {
        return kind;
    }
}
