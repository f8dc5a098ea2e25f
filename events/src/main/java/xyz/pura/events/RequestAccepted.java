package xyz.pura.events;

import java.time.Instant;

/**
 * A request passed authentication, validation and admission and is about to be sent upstream.
 * Event id: {@code <requestId>:accepted}.
 *
 * @param reservationNanoUsd what admission set aside for this request until it completes
 * @param reason the router's one-line explanation of its choice
 */
public record RequestAccepted(int schemaVersion, String eventId, Instant occurredAt,
                              String requestId, String keyId, String provider, String model, String tier,
                              boolean stream, int estimatedInputTokens, long reservationNanoUsd,
                              String reason, boolean explored, boolean byok) implements PuraEvent {
    public static final int SCHEMA_VERSION = 1;

    public static String eventIdFor(String requestId) {
        return requestId + ":accepted";
    }
}
