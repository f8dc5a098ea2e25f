package xyz.pura.ledger.internal;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A key's account in the {@code ledger-accounts} store: the running totals that every ledger entry and
 * spend view is derived from. Immutable; each change returns a new state.
 *
 * @param dailyBudgetNanoUsd the budget from pura.keys, or null for the configured default
 * @param utcDay the key's current UTC day (never goes back)
 * @param balanceMsat credits minus sats debits, millisatoshis; never clamped (may be below 0)
 * @param ledgerSequence the sequence of the last ledger entry (0: none)
 * @param revision grows with every change of the state; names the spend view
 * @param creditedMsat all credits over all time, millisatoshis (0 in states stored before the wallet,
 *     when there were no credits)
 * @param freeRequests the key's own free requests from pura.keys, or null for the configured default (null in
 *     states stored before keys could carry one)
 */
public record AccountState(String keyId, Long dailyBudgetNanoUsd, LocalDate utcDay,
                           long spentTodayNanoUsd, long requestsToday, long spentTotalNanoUsd,
                           long billedRequests, long balanceMsat, long ledgerSequence, long revision,
                           Instant updatedAt, long creditedMsat, Long freeRequests) {

    public static AccountState open(String keyId, LocalDate day, Instant at) {
        return new AccountState(keyId, null, day, 0, 0, 0, 0, 0, 0, 0, at, 0, null);
    }

    /** The day on which something happening on {@code eventDay} is booked: never before the current day. */
    public LocalDate bookingDay(LocalDate eventDay) {
        return eventDay.isAfter(utcDay) ? eventDay : utcDay;
    }

    /** Moves to a later day (today's figures start from 0); an earlier or equal day changes nothing. */
    public AccountState rolledTo(LocalDate day) {
        if (!day.isAfter(utcDay)) {
            return this;
        }
        return new AccountState(keyId, dailyBudgetNanoUsd, day, 0, 0, spentTotalNanoUsd, billedRequests,
                balanceMsat, ledgerSequence, revision, updatedAt, creditedMsat, freeRequests);
    }

    /** The key's terms from pura.keys: its daily budget and its own free requests (null: the defaults). */
    public AccountState withTerms(Long budgetNanoUsd, Long keyFreeRequests, Instant at) {
        return new AccountState(keyId, budgetNanoUsd, utcDay, spentTodayNanoUsd, requestsToday, spentTotalNanoUsd,
                billedRequests, balanceMsat, ledgerSequence, revision + 1, at, creditedMsat, keyFreeRequests);
    }

    /** This key's free requests: its own, else {@code defaultFreeRequests}. */
    public long freeRequestsOr(long defaultFreeRequests) {
        return freeRequests != null ? freeRequests : defaultFreeRequests;
    }

    /** Books a request's debit on the current day; the balance may fall below 0 (it is never clamped). */
    public AccountState debited(long amountNanoUsd, long amountMsat, Instant at) {
        if (amountNanoUsd < 0 || amountMsat < 0) {
            throw new IllegalArgumentException("negative debit " + amountNanoUsd + " nUSD / " + amountMsat + " msat");
        }
        return new AccountState(keyId, dailyBudgetNanoUsd, utcDay,
                Math.addExact(spentTodayNanoUsd, amountNanoUsd), requestsToday + 1,
                Math.addExact(spentTotalNanoUsd, amountNanoUsd), billedRequests + 1,
                Math.subtractExact(balanceMsat, amountMsat), ledgerSequence + 1, revision + 1, at, creditedMsat, freeRequests);
    }

    /** Books a settled invoice's credit: the balance grows, spend and request counts stay. */
    public AccountState credited(long amountMsat, Instant at) {
        if (amountMsat <= 0) {
            throw new IllegalArgumentException("a credit must be above 0 msat: " + amountMsat);
        }
        return new AccountState(keyId, dailyBudgetNanoUsd, utcDay, spentTodayNanoUsd, requestsToday,
                spentTotalNanoUsd, billedRequests, Math.addExact(balanceMsat, amountMsat), ledgerSequence + 1,
                revision + 1, at, Math.addExact(creditedMsat, amountMsat), freeRequests);
    }
}
