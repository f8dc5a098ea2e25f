package xyz.pura.providers;

/**
 * Every way an upstream call can fail, grouped by whose fault it is. Retry and fallback read only this.
 */
public enum FailureKind {
    /** The upstream refused the request as invalid (4xx other than auth and rate limits). */
    BAD_REQUEST(Fault.CALLER, false, 400, "invalid_request_error"),
    /** The upstream refused the key (ours or the caller's BYOK key). */
    AUTHENTICATION(Fault.POLICY, false, 502, "upstream_auth_error"),
    /** The upstream blocked the content. */
    CONTENT_FILTER(Fault.POLICY, false, 400, "content_filter"),
    /** 429 from the upstream. */
    RATE_LIMITED(Fault.PROVIDER, true, 429, "rate_limit_exceeded"),
    /** 529 / overloaded. */
    OVERLOADED(Fault.PROVIDER, true, 503, "upstream_overloaded"),
    /** 5xx from the upstream. */
    SERVER_ERROR(Fault.PROVIDER, true, 502, "upstream_error"),
    /** No answer in time (connect or read). */
    TIMEOUT(Fault.PROVIDER, true, 504, "upstream_timeout"),
    /** Could not connect, or the connection dropped. */
    TRANSPORT(Fault.PROVIDER, true, 502, "upstream_unreachable"),
    /** An error event in the middle of a stream. */
    STREAM_ERROR(Fault.PROVIDER, false, 502, "upstream_stream_error"),
    /** The upstream answered something we could not read. */
    PROTOCOL(Fault.GATEWAY, false, 502, "upstream_protocol_error");

    public enum Fault { CALLER, POLICY, PROVIDER, GATEWAY }

    private final Fault fault;
    private final boolean retryable;
    private final int gatewayStatus;
    private final String code;

    FailureKind(Fault fault, boolean retryable, int gatewayStatus, String code) {
        this.fault = fault;
        this.retryable = retryable;
        this.gatewayStatus = gatewayStatus;
        this.code = code;
    }

    public Fault fault() {
        return fault;
    }

    /** Whether another try (the same provider once, then the next of the tier) may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status the gateway answers with when this is the final failure. */
    public int gatewayStatus() {
        return gatewayStatus;
    }

    /** The OpenAI-envelope error code. */
    public String code() {
        return code;
    }
}
