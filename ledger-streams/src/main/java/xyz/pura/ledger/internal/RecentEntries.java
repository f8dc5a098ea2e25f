package xyz.pura.ledger.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import xyz.pura.events.LedgerEntry;

/**
 * The layout of the recent-entries store: entry {@code n} of a key lives at {@code <keyId>#<n mod CAPACITY>},
 * so each new entry overwrites the one {@value #CAPACITY} places older, and a key never holds more than
 * {@value #CAPACITY} slots.
 */
public final class RecentEntries {
    /** How many entries per key are kept. */
    public static final int CAPACITY = 20;

    private RecentEntries() {
    }

    public static String slotKey(String keyId, long sequence) {
        return keyId + "#" + Math.floorMod(sequence, CAPACITY);
    }

    /** The key's last {@code min(limit, CAPACITY)} entries, newest first. */
    public static List<LedgerEntry> read(ReadOnlyKeyValueStore<String, LedgerEntry> store, String keyId, int limit) {
        List<LedgerEntry> out = new ArrayList<>(CAPACITY);
        for (int slot = 0; slot < CAPACITY; slot++) {
            LedgerEntry e = store.get(keyId + "#" + slot);
            if (e != null) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparingLong(LedgerEntry::sequence).reversed());
        return List.copyOf(out.subList(0, Math.min(Math.max(0, limit), out.size())));
    }
}
