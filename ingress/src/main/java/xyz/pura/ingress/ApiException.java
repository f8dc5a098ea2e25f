package xyz.pura.ingress;

import java.util.Map;

/**
 * An answer in OpenAI's error envelope: {@code {"error":{"message","type","param","code"}}}.
 * Handlers throw it; {@link internal.ErrorMapper} is the only place that writes it.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final Map<String, String> headers;
    private final Map<String, Object> extra;

    public ApiException(int status, String type, String code, String message) {
        this(status, type, code, message, null, Map.of(), Map.of());
    }

    public ApiException(int status, String type, String code, String message, String param,
                        Map<String, String> headers, Map<String, Object> extra) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.headers = Map.copyOf(headers);
        this.extra = Map.copyOf(extra);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "invalid_request_error", "invalid_api_key", message);
    }

    public static ApiException badRequest(String message, String param) {
        return new ApiException(400, "invalid_request_error", null, message, param, Map.of(), Map.of());
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    /** Headers to send with the error (e.g. Retry-After). */
    public Map<String, String> headers() {
        return headers;
    }

    /** Extra members of the error object (e.g. a {@code funding} invoice). */
    public Map<String, Object> extra() {
        return extra;
    }
}
