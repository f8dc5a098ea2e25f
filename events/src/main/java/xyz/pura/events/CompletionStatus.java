package xyz.pura.events;

import java.util.Locale;

/** How a request ended: the closed vocabulary of {@code RequestCompleted.status}, with its wire names. */
public enum CompletionStatus {
    /** The client received a whole answer. */
    OK,
    /** Every attempt failed, or the stream failed after it started. */
    UPSTREAM_ERROR,
    /** The client went away before the answer was complete. */
    CLIENT_CANCELLED,
    /** The gateway failed (no provider could be tried, or an internal error). */
    GATEWAY_ERROR,
    /** Refused after acceptance because the chosen provider cannot serve the request (e.g. {@code n} > 1); never billed. */
    REJECTED;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    /** The status of a wire name, or null for a name this version does not know (a newer writer's). */
    public static CompletionStatus ofWire(String wireName) {
        for (CompletionStatus s : values()) {
            if (s.wireName.equals(wireName)) {
                return s;
            }
        }
        return null;
    }
}
