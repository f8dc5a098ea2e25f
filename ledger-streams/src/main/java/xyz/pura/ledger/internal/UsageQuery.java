package xyz.pura.ledger.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import xyz.pura.events.KeyUsage;

/** Reads a key's days {@code [from, to]} from the daily usage store (one window per UTC day, at its start). */
public final class UsageQuery {
    private UsageQuery() {
    }

    /** The start of {@code day} in epoch milliseconds: where the store keeps the day. */
    public static long dayStart(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    public static KeyUsage usage(ReadOnlyWindowStore<String, DailyUsage> store, String keyId, LocalDate from, LocalDate to) {
        List<KeyUsage.Day> days = new ArrayList<>();
        if (!from.isAfter(to)) {
            try (WindowStoreIterator<DailyUsage> it = store.fetch(keyId, java.time.Instant.ofEpochMilli(dayStart(from)),
                    java.time.Instant.ofEpochMilli(dayStart(to)))) {
                while (it.hasNext()) {
                    KeyValue<Long, DailyUsage> day = it.next();
                    if (!day.value.models().isEmpty()) {
                        days.add(day.value.toDay(LocalDate.ofEpochDay(Math.floorDiv(day.key, 86_400_000L))));
                    }
                }
            }
        }
        return new KeyUsage(keyId, from, to, days);
    }
}
