package xyz.pura.gateway.admission;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import xyz.pura.events.BillingPolicy;
import xyz.pura.events.SatsRate;
import xyz.pura.events.SpendView;

/**
 * One key's admission state on this instance: the latest ledger view, the requests in flight with what
 * they reserve (USD against the daily cap, millisats against the balance), and the debits this instance
 * sent that the view does not include yet (matched by the ledger's billed-request count, which grows by
 * one per debit, in the order this instance published them).
 */
final class KeyAccount {
    /**
     * Why a request is refused, or OK. The two {@code _IN_FLIGHT} verdicts say that nothing is spent yet but the
     * key's requests in flight hold what this one needs (the cap's room, or the last free requests and the balance):
     * they may settle for less, so the caller waits and then retries.
     */
    enum Verdict { OK, BUDGET_EXHAUSTED, BUDGET_IN_FLIGHT, FREE_TIER_EXCEEDED, BALANCE_IN_FLIGHT, INSUFFICIENT_BALANCE }

    /** A settlement this instance recorded before the ledger booked it; dropped once the view's credits reach {@code through}. */
    private record LocalCredit(long msat, long through) {
    }

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
    /** Settlements this instance made that the ledger's view does not include yet, by invoice id. */
    private final java.util.Map<String, LocalCredit> localCredits = new java.util.LinkedHashMap<>(2);
    private long localCreditMsat;

    synchronized void onView(SpendView next) {
        if (view != null && next.ledgerSequence() < view.ledgerSequence()) {
            return;
        }
        long before = view == null ? 0 : view.billedRequestsEver();
        long counted = next.billedRequestsEver() - before;
        for (long i = 0; i < counted && !pending.isEmpty(); i++) {
            PendingDebit done = pending.removeFirst();
            pendingMsat -= done.msat();
            pendingNanoByDay.computeIfPresent(done.day(), (d, n) -> n == done.nanoUsd() ? null : n - done.nanoUsd());
        }
        view = next;
        if (!localCredits.isEmpty()) {
            localCredits.values().removeIf(c -> {
                boolean booked = next.creditedMsat() >= c.through();
                if (booked) {
                    localCreditMsat -= c.msat();
                }
                return booked;
            });
        }
        notifyAll();
    }

    /**
     * Makes a settlement spendable at once: recorded before the settlement is published, so the ledger's view cannot
     * include it yet; it counts until the view's credits have grown by it (and the local credits before it).
     *
     * @return false when the invoice is already counted here
     */
    synchronized boolean credit(String invoiceId, long msat) {
        if (localCredits.containsKey(invoiceId)) {
            return false;
        }
        long through = (view == null ? 0 : view.creditedMsat()) + localCreditMsat + msat;
        localCredits.put(invoiceId, new LocalCredit(msat, through));
        localCreditMsat += msat;
        notifyAll();
        return true;
    }

    /** Withdraws a local credit whose settlement could not be published. */
    synchronized void uncredit(String invoiceId) {
        LocalCredit c = localCredits.remove(invoiceId);
        if (c != null) {
            localCreditMsat -= c.msat();
        }
    }

    /**
     * Admits and reserves, or says why not: the daily cap first, then the free tier, then the balance. A request
     * that only the reservations in flight keep out waits for them (until {@code waitUntilNanos}, on
     * {@link System#nanoTime()}) and is then refused with an {@code _IN_FLIGHT} verdict if they still do.
     *
     * @param reservedMsatOut receives the millisats reserved against the balance (0 for a free request) at [0], and
     *     at [1] 1 when the request is within the key's free tier, else 0
     */
    synchronized Verdict tryReserve(long capNanoUsd, long reservationNanoUsd, LocalDate today, long freeRequests,
                                    SatsRate rate, long[] reservedMsatOut, long waitUntilNanos) {
        while (true) {
            Verdict v = decide(capNanoUsd, reservationNanoUsd, today, freeRequests, rate, reservedMsatOut);
            boolean held = v == Verdict.BUDGET_IN_FLIGHT || v == Verdict.BALANCE_IN_FLIGHT;
            long left = waitUntilNanos - System.nanoTime();
            if (!held || left <= 0) {
                return v;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return v;
            }
        }
    }

    private Verdict decide(long capNanoUsd, long reservationNanoUsd, LocalDate today, long freeRequests,
                           SatsRate rate, long[] reservedMsatOut) {
        long spent = spentToday(today);
        if (spent >= capNanoUsd) {
            return Verdict.BUDGET_EXHAUSTED;
        }
        // with nothing in flight a request is admitted while the cap is not reached, even when its estimate exceeds
        // the room left: the cap is then overshot by at most that one request (the documented bound)
        if (inFlight > 0 && spent + reservedNanoUsd + reservationNanoUsd > capNanoUsd) {
            return Verdict.BUDGET_IN_FLIGHT;
        }
        long msat = 0;
        long billed = billed();
        boolean free = BillingPolicy.free(billed + inFlight + 1, freeRequests); // counting the requests in flight
        if (!free) {
            msat = rate.msatFor(reservationNanoUsd);
            long available = balanceMsat() - pendingMsat() - reservedMsat;
            if (available < msat) {
                if (billed < freeRequests || available + reservedMsat >= msat) {
                    return Verdict.BALANCE_IN_FLIGHT; // free requests or sats held by requests in flight
                }
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
            PendingDebit debit = new PendingDebit(day, costNanoUsd,
                    BillingPolicy.debitMsat(billed() + 1, freeRequests, costNanoUsd, rate));
            pending.addLast(debit);
            pendingMsat += debit.msat();
            pendingNanoByDay.merge(day, costNanoUsd, Long::sum);
        }
        notifyAll();
    }

    synchronized long spentToday(LocalDate today) {
        long spent = view == null ? 0 : view.asOf(today).spentTodayNanoUsd();
        return spent + pendingNanoByDay.getOrDefault(today, 0L);
    }

    /** Billed requests ever: the ledger's count plus this instance's uncounted debits. */
    synchronized long billed() {
        return (view == null ? 0 : view.billedRequestsEver()) + pending.size();
    }

    synchronized long availableMsat() {
        return balanceMsat() - pendingMsat() - reservedMsat;
    }

    synchronized long reservedNanoUsd() {
        return reservedNanoUsd;
    }

    /** The ledger's balance plus this instance's settlements it has not booked yet. */
    private long balanceMsat() {
        return (view == null ? 0 : view.balanceMsat()) + localCreditMsat;
    }

    private long creditedMsat() {
        return (view == null ? 0 : view.creditedMsat()) + localCreditMsat;
    }

    /** The balance admission spends from: booked, plus unbooked local credits, minus unbooked local debits. */
    synchronized long balanceAfterPendingMsat() {
        return balanceMsat() - pendingMsat;
    }

    synchronized long reservedMsat() {
        return reservedMsat;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    private long pendingMsat() {
        return pendingMsat;
    }
}
