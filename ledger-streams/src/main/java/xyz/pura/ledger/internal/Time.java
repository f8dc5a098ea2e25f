package xyz.pura.ledger.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Event time helpers: the UTC day of an instant. */
public final class Time {
    private Time() {
    }

    public static LocalDate utcDay(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** The event's own time, else the record's timestamp (they are equal when the producer sets it). */
    public static Instant eventTime(Instant occurredAt, long recordTimestamp) {
        return occurredAt != null ? occurredAt : Instant.ofEpochMilli(recordTimestamp);
    }
}
