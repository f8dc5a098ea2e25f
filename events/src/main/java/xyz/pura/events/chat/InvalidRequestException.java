package xyz.pura.events.chat;

import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;

/** The caller sent a request we will not serve: a {@link Refusal.Invalid} (400 {@code invalid_request_error}). */
public class InvalidRequestException extends Refused {
    public InvalidRequestException(String message, String param) {
        this(message, param, null);
    }

    public InvalidRequestException(String message, String param, String code) {
        super(new Refusal.Invalid(code, message, param));
    }

    /** The offending field, e.g. {@code messages[2].role}; may be null. */
    public String param() {
        return ((Refusal.Invalid) refusal()).param();
    }
}
