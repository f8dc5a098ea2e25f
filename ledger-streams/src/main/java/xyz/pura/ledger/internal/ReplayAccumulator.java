package xyz.pura.ledger.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.RequestCompleted;
import xyz.pura.ledger.Difference;
import xyz.pura.ledger.KeyTotals;
import xyz.pura.ledger.ReplayResult;

/**
 * Fresh per-key totals folded from ledger entries in topic order, checking each entry as it goes: its id
 * is new, its sequence follows the key's last, and its stated totals equal the sums so far. Completions
 * add the debit ids that must exist. Not thread-safe; one per replay.
 */
public final class ReplayAccumulator {
    private final Map<String, Key> keys = new TreeMap<>();
    private final Set<String> entryIds = new HashSet<>();
    private final Map<String, String> expectedDebits = new TreeMap<>();
    private final List<Difference> problems = new ArrayList<>();

    private static final class Key {
        final TreeMap<LocalDate, Long> spend = new TreeMap<>();
        final TreeMap<LocalDate, Long> requests = new TreeMap<>();
        long total;
        long billed;
        long balanceMsat;
        long entries;
        long lastSequence;
    }

    public void add(String keyId, LedgerEntry e) {
        Key k = keys.computeIfAbsent(keyId, id -> new Key());
        k.entries++;
        if (!entryIds.add(e.eventId())) {
            problems.add(new Difference(keyId, "duplicate-entry", e.eventId(), "booked twice"));
            return;
        }
        if (e.sequence() != k.lastSequence + 1) {
            problems.add(new Difference(keyId, "sequence", Long.toString(k.lastSequence + 1), Long.toString(e.sequence())));
        }
        k.lastSequence = Math.max(k.lastSequence, e.sequence());
        if (e.isDebit()) {
            k.spend.merge(e.utcDay(), e.amountNanoUsd(), Math::addExact);
            k.total = Math.addExact(k.total, e.amountNanoUsd());
            k.balanceMsat = Math.subtractExact(k.balanceMsat, e.amountMsat());
            if (e.isRequestDebit()) {
                k.requests.merge(e.utcDay(), 1L, Long::sum);
                k.billed++;
            }
        } else {
            k.balanceMsat = Math.addExact(k.balanceMsat, e.amountMsat());
        }
        stated(keyId, e, "spentDayAfterNanoUsd", k.spend.getOrDefault(e.utcDay(), 0L), e.spentDayAfterNanoUsd());
        stated(keyId, e, "requestsDayAfter", k.requests.getOrDefault(e.utcDay(), 0L), e.requestsDayAfter());
        stated(keyId, e, "spentTotalAfterNanoUsd", k.total, e.spentTotalAfterNanoUsd());
        stated(keyId, e, "billedRequestsAfter", k.billed, e.billedRequestsAfter());
        stated(keyId, e, "balanceAfterMsat", k.balanceMsat, e.balanceAfterMsat());
    }

    /** Notes the debit that a completion requires, when {@link Billing} debits it. */
    public void expect(String keyId, RequestCompleted c) {
        if (Billing.isDebited(c)) {
            expectedDebits.put(LedgerEntry.debitIdFor(c.requestId()), keyId);
        }
    }

    private void stated(String keyId, LedgerEntry e, String field, long summed, long stated) {
        if (summed != stated) {
            problems.add(new Difference(keyId, e.eventId() + " " + field, Long.toString(summed), Long.toString(stated)));
        }
    }

    public ReplayResult result() {
        List<Difference> all = new ArrayList<>(problems);
        Set<String> missing = new LinkedHashSet<>(expectedDebits.keySet());
        missing.removeAll(entryIds);
        for (String id : missing) {
            all.add(new Difference(expectedDebits.get(id), "missing-debit", id, "no ledger entry"));
        }
        Map<String, KeyTotals> totals = new TreeMap<>();
        keys.forEach((id, k) -> totals.put(id, new KeyTotals(id, Collections.unmodifiableSortedMap(new TreeMap<>(k.spend)),
                Collections.unmodifiableSortedMap(new TreeMap<>(k.requests)), k.total, k.billed, k.balanceMsat,
                k.entries, k.lastSequence)));
        return new ReplayResult(totals, all);
    }
}
