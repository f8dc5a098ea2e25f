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
import xyz.pura.events.SatsRate;
import xyz.pura.events.WalletEvent;
import xyz.pura.ledger.Difference;
import xyz.pura.ledger.KeyTotals;
import xyz.pura.ledger.ReplayResult;

/**
 * Fresh per-key totals folded from ledger entries in topic order, checking each entry as it goes: its id
 * is new, its sequence follows the key's last, its stated totals equal the sums so far, a sats debit's
 * amount is its cost at the rate it names, and no invoice is credited twice. Completions add the debit
 * ids that must exist; settled invoices the credits that must exist (and no credit may exist without its
 * settlement). Not thread-safe; one per replay.
 */
public final class ReplayAccumulator {
    private final Map<String, Key> keys = new TreeMap<>();
    private final Set<String> entryIds = new HashSet<>();
    private final Map<String, String> expectedDebits = new TreeMap<>();
    /** Invoice id to its first settlement. */
    private final Map<String, WalletEvent.InvoiceSettled> settlements = new TreeMap<>();
    /** Invoice id to its first credit. */
    private final Map<String, LedgerEntry> credits = new TreeMap<>();
    private final List<Difference> problems = new ArrayList<>();

    private static final class Key {
        final TreeMap<LocalDate, Long> spend = new TreeMap<>();
        final TreeMap<LocalDate, Long> requests = new TreeMap<>();
        long total;
        long billed;
        long creditedMsat;
        long debitedMsat;
        long credits;
        long entries;
        long lastSequence;

        long balanceMsat() {
            return Math.subtractExact(creditedMsat, debitedMsat);
        }
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
            k.debitedMsat = Math.addExact(k.debitedMsat, e.amountMsat());
            if (e.isRequestDebit()) {
                k.requests.merge(e.utcDay(), 1L, Long::sum);
                k.billed++;
            }
            checkSatsPrice(keyId, e);
        } else {
            k.creditedMsat = Math.addExact(k.creditedMsat, e.amountMsat());
            k.credits++;
            LedgerEntry first = credits.putIfAbsent(e.sourceId(), e);
            if (first != null) {
                problems.add(new Difference(keyId, "duplicate-credit", first.eventId(), e.eventId()));
            }
        }
        stated(keyId, e, "spentDayAfterNanoUsd", k.spend.getOrDefault(e.utcDay(), 0L), e.spentDayAfterNanoUsd());
        stated(keyId, e, "requestsDayAfter", k.requests.getOrDefault(e.utcDay(), 0L), e.requestsDayAfter());
        stated(keyId, e, "spentTotalAfterNanoUsd", k.total, e.spentTotalAfterNanoUsd());
        stated(keyId, e, "billedRequestsAfter", k.billed, e.billedRequestsAfter());
        stated(keyId, e, "balanceAfterMsat", k.balanceMsat(), e.balanceAfterMsat());
    }

    /** A debit that names its rate must debit exactly its cost at that rate; without a rate, no sats. */
    private void checkSatsPrice(String keyId, LedgerEntry e) {
        long priced = e.msatPerUsd() == null ? 0 : new SatsRate(e.msatPerUsd()).msatFor(e.amountNanoUsd());
        if (priced != e.amountMsat()) {
            problems.add(new Difference(keyId, e.eventId() + " amountMsat", Long.toString(priced),
                    Long.toString(e.amountMsat())));
        }
    }

    /** Notes the debit that a completion requires, when {@link xyz.pura.events.BillingPolicy} debits it. */
    public void expect(String keyId, RequestCompleted c) {
        if (c.debited()) {
            expectedDebits.put(LedgerEntry.debitIdFor(c.requestId()), keyId);
        }
    }

    /** Notes the credit that a settled invoice requires (created and expired invoices require nothing). */
    public void expect(String keyId, WalletEvent w) {
        if (w instanceof WalletEvent.InvoiceSettled s && s.invoiceId() != null) {
            settlements.putIfAbsent(s.invoiceId(), s);
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
        reconcileCredits(all);
        Map<String, KeyTotals> totals = new TreeMap<>();
        keys.forEach((id, k) -> totals.put(id, new KeyTotals(id, Collections.unmodifiableSortedMap(new TreeMap<>(k.spend)),
                Collections.unmodifiableSortedMap(new TreeMap<>(k.requests)), k.total, k.billed, k.balanceMsat(),
                k.entries, k.lastSequence, k.creditedMsat, k.debitedMsat, k.credits)));
        return new ReplayResult(totals, all);
    }

    /** Each settlement has its one credit, of its amount, on its key; each credit has its settlement. */
    private void reconcileCredits(List<Difference> out) {
        settlements.forEach((invoiceId, s) -> {
            LedgerEntry credit = credits.get(invoiceId);
            if (credit == null) {
                out.add(new Difference(s.keyId(), "missing-credit", LedgerEntry.creditIdFor(invoiceId), "no ledger entry"));
                return;
            }
            if (credit.amountMsat() != s.amountMsat()) {
                out.add(new Difference(credit.keyId(), credit.eventId() + " amountMsat", Long.toString(s.amountMsat()),
                        Long.toString(credit.amountMsat())));
            }
            if (!credit.keyId().equals(s.keyId())) {
                out.add(new Difference(credit.keyId(), credit.eventId() + " keyId", s.keyId(), credit.keyId()));
            }
        });
        credits.forEach((invoiceId, credit) -> {
            if (!settlements.containsKey(invoiceId)) {
                out.add(new Difference(credit.keyId(), "credit-without-settlement", credit.eventId(), "no InvoiceSettled"));
            }
        });
    }
}
