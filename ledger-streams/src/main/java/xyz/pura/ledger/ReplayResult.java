package xyz.pura.ledger;

import java.util.List;
import java.util.Map;

/**
 * What a replay of {@code pura.ledger} (and {@code pura.completions}, {@code pura.wallet}) found.
 *
 * @param totals per key id, sorted
 * @param ledgerProblems disagreements inside the ledger: duplicate entries, sequence gaps, stated totals
 *     that differ from the summed amounts, debited completions without a ledger entry, settled invoices
 *     without their one credit, credits without a settlement
 */
public record ReplayResult(Map<String, KeyTotals> totals, List<Difference> ledgerProblems) {
    public ReplayResult {
        totals = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(totals));
        ledgerProblems = List.copyOf(ledgerProblems);
    }
}
