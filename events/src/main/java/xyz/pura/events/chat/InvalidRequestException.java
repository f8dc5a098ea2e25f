package xyz.pura.events.chat;

/** The caller sent a request we will not serve; becomes a 400 {@code invalid_request_error}. */
public class InvalidRequestException extends RuntimeException {
    private final String param;
    private final String code;

    public InvalidRequestException(String message, String param) {
        this(message, param, null);
    }

    public InvalidRequestException(String message, String param, String code) {
        super(message, null, false, false);
        this.param = param;
        this.code = code;
    }

    /** The offending field, e.g. {@code messages[2].role}; may be null. */
    public String param() {
        return param;
    }

    /** A machine-readable code, e.g. {@code model_not_found}; may be null. */
    public String code() {
        return code;
    }
}
