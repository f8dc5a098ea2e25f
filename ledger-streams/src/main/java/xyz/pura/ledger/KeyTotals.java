package xyz.pura.ledger;

import java.time.LocalDate;
import java.util.SortedMap;

/**
 * A key's totals recomputed from {@code pura.ledger} alone, by summing entry amounts.
 *
 * @param spendByDay nano-USD debited per booking day ({@code utcDay})
 * @param requestsByDay request debits per booking day
 * @param billedRequests request debits over all time (free requests used)
 * @param balanceMsat credits minus debits, millisatoshis
 * @param entries ledger entries read (duplicates included)
 * @param lastSequence the highest {@code sequence} read
 */
public record KeyTotals(String keyId, SortedMap<LocalDate, Long> spendByDay, SortedMap<LocalDate, Long> requestsByDay,
                        long spentTotalNanoUsd, long billedRequests, long balanceMsat, long entries,
                        long lastSequence) {

    public long spendOn(LocalDate day) {
        return spendByDay.getOrDefault(day, 0L);
    }

    public long requestsOn(LocalDate day) {
        return requestsByDay.getOrDefault(day, 0L);
    }
}
