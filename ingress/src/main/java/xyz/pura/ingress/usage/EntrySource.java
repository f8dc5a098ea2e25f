package xyz.pura.ingress.usage;

import java.time.LocalDate;
import java.util.function.Consumer;
import xyz.pura.events.LedgerEntry;

/** The ledger's entries of a range of UTC days, as they are on {@code pura.ledger}; the app wires the reader. */
@FunctionalInterface
public interface EntrySource {
    /**
     * Calls {@code each} with every entry of {@code keyId} (null: every key) booked to a day in {@code [from, to]};
     * throws before the first call when the ledger's topic cannot be read.
     */
    void entries(String keyId, LocalDate from, LocalDate to, Consumer<LedgerEntry> each);
}
