package xyz.pura.ingress.admission;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import xyz.pura.events.SpendView;

/**
 * One key's admission state on this instance: the latest ledger view, the reservations in flight,
 * and the debits this instance sent that the view does not include yet (matched by the ledger's
 * billed-request count, which grows by one per debit, in the order this instance published them).
 */
final class KeyAccount {
    private record PendingDebit(LocalDate day, long nanoUsd) {
    }

    private SpendView view;
    private long reserved;
    private final Deque<PendingDebit> pending = new ArrayDeque<>();

    synchronized void onView(SpendView next) {
        if (view != null && next.ledgerSequence() < view.ledgerSequence()) {
            return;
        }
        long before = view == null ? 0 : view.freeRequestsUsed();
        long counted = next.freeRequestsUsed() - before;
        for (long i = 0; i < counted && !pending.isEmpty(); i++) {
            pending.removeFirst();
        }
        view = next;
    }

    synchronized boolean tryReserve(long capNanoUsd, long reservationNanoUsd, LocalDate today) {
        if (spentToday(today) + reserved >= capNanoUsd) {
            return false;
        }
        reserved += reservationNanoUsd;
        return true;
    }

    synchronized void settle(long reservationNanoUsd, boolean debited, LocalDate day, long costNanoUsd) {
        reserved -= reservationNanoUsd;
        if (debited) {
            pending.addLast(new PendingDebit(day, costNanoUsd));
        }
    }

    synchronized long spentToday(LocalDate today) {
        long spent = view == null ? 0 : view.asOf(today).spentTodayNanoUsd();
        for (PendingDebit p : pending) {
            if (p.day().equals(today)) {
                spent += p.nanoUsd();
            }
        }
        return spent;
    }

    synchronized long reserved() {
        return reserved;
    }
}
