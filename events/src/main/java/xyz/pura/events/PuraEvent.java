package xyz.pura.events;

import java.time.Instant;

/**
 * What every event carries. {@code eventId} is deterministic where a retry could repeat the event
 * (for example {@code <requestId>:completed}), so that consumers de-duplicate by it.
 */
public interface PuraEvent {
    int schemaVersion();

    String eventId();

    Instant occurredAt();
}
