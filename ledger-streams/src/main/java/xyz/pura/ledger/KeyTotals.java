package xyz.pura.ledger;

import java.time.LocalDate;
import java.util.SortedMap;

/**
 * A key's totals recomputed from {@code pura.ledger} alone, by summing entry amounts.
 *
 * @param spendByDay nano-USD debited per booking day ({@code utcDay})
 * @param requestsByDay request debits per booking day
 * @param billedRequests request debits over all time (free requests used)
 * @param balanceMsat credits minus debits, millisatoshis ({@code creditedMsat - debitedMsat})
 * @param entries ledger entries read (duplicates included)
 * @param lastSequence the highest {@code sequence} read
 * @param creditedMsat the sum of the key's credit amounts (settled invoices), millisatoshis
 * @param debitedMsat the sum of the key's debit amounts in sats (requests beyond the free tier), millisatoshis
 * @param credits credit entries read (duplicates excluded)
 */
public record KeyTotals(String keyId, SortedMap<LocalDate, Long> spendByDay, SortedMap<LocalDate, Long> requestsByDay,
                        long spentTotalNanoUsd, long billedRequests, long balanceMsat, long entries,
                        long lastSequence, long creditedMsat, long debitedMsat, long credits) {

    public long spendOn(LocalDate day) {
        return spendByDay.getOrDefault(day, 0L);
    }

    public long requestsOn(LocalDate day) {
        return requestsByDay.getOrDefault(day, 0L);
    }
}
