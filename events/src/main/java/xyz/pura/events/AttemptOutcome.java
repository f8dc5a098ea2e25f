package xyz.pura.events;

import java.util.Locale;

/** How one upstream attempt ended: the closed vocabulary of {@code RequestCompleted.Attempt.outcome}. */
public enum AttemptOutcome {
    OK(Kind.ANSWERED),
    CLIENT_CANCELLED(Kind.ANSWERED),
    RATE_LIMITED(Kind.PROVIDER_FAULT),
    OVERLOADED(Kind.PROVIDER_FAULT),
    SERVER_ERROR(Kind.PROVIDER_FAULT),
    TIMEOUT(Kind.PROVIDER_FAULT),
    TRANSPORT(Kind.PROVIDER_FAULT),
    STREAM_ERROR(Kind.PROVIDER_FAULT),
    BAD_REQUEST(Kind.NOT_PROVIDER_FAULT),
    AUTHENTICATION(Kind.NOT_PROVIDER_FAULT),
    CONTENT_FILTER(Kind.NOT_PROVIDER_FAULT),
    PROTOCOL(Kind.NOT_PROVIDER_FAULT),
    /** Not called: the provider's circuit was open. */
    CIRCUIT_OPEN(Kind.NOT_CALLED),
    /** Not called: the provider cannot serve this request. */
    REJECTED(Kind.NOT_CALLED),
    /** Not called: the gateway failed before the call. */
    GATEWAY_ERROR(Kind.NOT_CALLED);

    private enum Kind { ANSWERED, PROVIDER_FAULT, NOT_PROVIDER_FAULT, NOT_CALLED }

    private final Kind kind;
    private final String wireName = name().toLowerCase(Locale.ROOT);

    AttemptOutcome(Kind kind) {
        this.kind = kind;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether the upstream was actually called. */
    public boolean called() {
        return kind != Kind.NOT_CALLED;
    }

    /** Whether the attempt failed through the provider's fault (what quality scores and breakers count). */
    public boolean providerFault() {
        return kind == Kind.PROVIDER_FAULT;
    }

    /** The outcome of a wire name, or null for a name this version does not know (a newer writer's). */
    public static AttemptOutcome ofWire(String wireName) {
        for (AttemptOutcome o : values()) {
            if (o.wireName.equals(wireName)) {
                return o;
            }
        }
        return null;
    }
}
