package xyz.pura.ingress.admission;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import xyz.pura.events.SatsRate;
import xyz.pura.events.SpendView;

/**
 * One key's admission state on this instance: the latest ledger view, the requests in flight with what
 * they reserve (USD against the daily cap, millisats against the balance), and the debits this instance
 * sent that the view does not include yet (matched by the ledger's billed-request count, which grows by
 * one per debit, in the order this instance published them).
 */
final class KeyAccount {
    /** Why a request is refused, or OK. */
    enum Verdict { OK, BUDGET_EXHAUSTED, FREE_TIER_EXCEEDED, INSUFFICIENT_BALANCE }

    private record PendingDebit(LocalDate day, long nanoUsd, long msat) {
    }

    private SpendView view;
    private long reservedNanoUsd;
    private long reservedMsat;
    private int inFlight;
    private final Deque<PendingDebit> pending = new ArrayDeque<>();
    /** Running sums of {@code pending}, so admission never walks the queue (it grows while the ledger lags). */
    private final java.util.Map<LocalDate, Long> pendingNanoByDay = new java.util.HashMap<>(4);
    private long pendingMsat;

    synchronized void onView(SpendView next) {
        if (view != null && next.ledgerSequence() < view.ledgerSequence()) {
            return;
        }
        long before = view == null ? 0 : view.freeRequestsUsed();
        long counted = next.freeRequestsUsed() - before;
        for (long i = 0; i < counted && !pending.isEmpty(); i++) {
            PendingDebit done = pending.removeFirst();
            pendingMsat -= done.msat();
            pendingNanoByDay.computeIfPresent(done.day(), (d, n) -> n == done.nanoUsd() ? null : n - done.nanoUsd());
        }
        view = next;
    }

    /**
     * Admits and reserves, or says why not: the daily cap first, then the free tier, then the balance.
     *
     * @param reservedMsatOut receives the millisats reserved against the balance (0 for a free request) at [0], and
     *     at [1] 1 when the request is within the key's free tier, else 0
     */
    synchronized Verdict tryReserve(long capNanoUsd, long reservationNanoUsd, LocalDate today, long freeRequests,
                                    SatsRate rate, long[] reservedMsatOut) {
        if (spentToday(today) + reservedNanoUsd >= capNanoUsd) {
            return Verdict.BUDGET_EXHAUSTED;
        }
        long msat = 0;
        boolean free = billed() + inFlight < freeRequests;
        if (!free) {
            msat = rate.msatFor(reservationNanoUsd);
            long available = balanceMsat() - pendingMsat() - reservedMsat;
            if (available < msat) {
                return creditedMsat() == 0 ? Verdict.FREE_TIER_EXCEEDED : Verdict.INSUFFICIENT_BALANCE;
            }
        }
        reservedNanoUsd += reservationNanoUsd;
        reservedMsat += msat;
        inFlight++;
        reservedMsatOut[0] = msat;
        reservedMsatOut[1] = free ? 1 : 0;
        return Verdict.OK;
    }

    /** Releases a reservation; a debited completion is counted (in USD, and in msat past the free tier) until the ledger has. */
    synchronized void settle(long reservationNanoUsd, long reservationMsat, boolean debited, LocalDate day,
                             long costNanoUsd, long freeRequests, SatsRate rate) {
        reservedNanoUsd -= reservationNanoUsd;
        reservedMsat -= reservationMsat;
        inFlight--;
        if (debited) {
            long position = billed() + 1;
            PendingDebit debit = new PendingDebit(day, costNanoUsd, position > freeRequests ? rate.msatFor(costNanoUsd) : 0);
            pending.addLast(debit);
            pendingMsat += debit.msat();
            pendingNanoByDay.merge(day, costNanoUsd, Long::sum);
        }
    }

    synchronized long spentToday(LocalDate today) {
        long spent = view == null ? 0 : view.asOf(today).spentTodayNanoUsd();
        return spent + pendingNanoByDay.getOrDefault(today, 0L);
    }

    /** Billed requests ever: the ledger's count plus this instance's uncounted debits. */
    synchronized long billed() {
        return (view == null ? 0 : view.freeRequestsUsed()) + pending.size();
    }

    synchronized long availableMsat() {
        return balanceMsat() - pendingMsat() - reservedMsat;
    }

    synchronized long reservedNanoUsd() {
        return reservedNanoUsd;
    }

    private long balanceMsat() {
        return view == null ? 0 : view.balanceMsat();
    }

    private long creditedMsat() {
        return view == null ? 0 : view.creditedMsat();
    }

    private long pendingMsat() {
        return pendingMsat;
    }
}
