package xyz.pura.events;

import java.time.LocalDate;
import java.util.List;

/**
 * A read model (not an event): a key's debits per UTC day and model over the days {@code [from, to]}, from the
 * ledger's daily usage store, priced as the gateway priced them (the same figures as {@link KeyReport}). Amounts are
 * nano-USD. A day is the one each debit is booked to ({@link LedgerEntry#utcDay()}).
 *
 * @param days only the days with debits, oldest first
 */
public record KeyUsage(String keyId, LocalDate from, LocalDate to, List<Day> days) {
    public KeyUsage {
        days = List.copyOf(days);
    }

    /**
     * One UTC day of a key's debits.
     *
     * @param models per model, sorted by model name
     */
    public record Day(LocalDate day, List<KeyReport.ModelUsage> models) {
        public Day {
            models = List.copyOf(models);
        }

        public long costNanoUsd() {
            long sum = 0;
            for (KeyReport.ModelUsage m : models) {
                sum = Math.addExact(sum, m.costNanoUsd());
            }
            return sum;
        }

        public long requests() {
            long sum = 0;
            for (KeyReport.ModelUsage m : models) {
                sum = Math.addExact(sum, m.requests());
            }
            return sum;
        }
    }
}
