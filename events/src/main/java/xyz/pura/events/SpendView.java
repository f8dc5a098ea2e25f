package xyz.pura.events;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A key's spend state on compacted {@code pura.spend} (keyed by key id): the table that admission reads.
 * The figures of "today" hold for {@code utcDay} only: a reader on a later UTC day must treat today's
 * spend and requests as 0 ({@link #asOf(LocalDate)} does that).
 *
 * @param eventId {@code <keyId>:spend:<revision>}, the revision growing with every change of the view
 * @param utcDay the UTC day that {@code spentTodayNanoUsd} and {@code requestsToday} belong to
 * @param spentTodayNanoUsd the key's debits on {@code utcDay}, nano-USD
 * @param dailyBudgetNanoUsd the key's cap (from pura.keys, else the configured default)
 * @param remainingNanoUsd {@code max(0, dailyBudget - spentToday)}
 * @param requestsToday billed requests on {@code utcDay}
 * @param freeRequestsUsed billed requests of the key over all time, free or not (a misleading name kept on the topic;
 *     read {@link #billedRequestsEver()})
 * @param balanceMsat the key's sats balance in millisatoshis
 * @param spentTotalNanoUsd the key's debits over all time, nano-USD
 * @param ledgerSequence the {@code sequence} of the last ledger entry this view includes (0: none)
 * @param updatedAt when the view last changed (event time of the change)
 * @param freeRequestsLimit how many billed requests of a key are free ({@code PURA_FREE_REQUESTS} of the
 *     ledger); null in views written before the wallet (optional field)
 * @param creditedMsat the key's credits (settled invoices) over all time, millisatoshis; 0 when the key was
 *     never funded (optional field, 0 in views written before the wallet)
 * @param billedRequests the same count as {@code freeRequestsUsed}, correctly named (optional field, null in views
 *     written before it)
 */
public record SpendView(int schemaVersion, String eventId, Instant occurredAt, String keyId, LocalDate utcDay,
                        long spentTodayNanoUsd, long dailyBudgetNanoUsd, long remainingNanoUsd,
                        long requestsToday, long freeRequestsUsed, long balanceMsat, long spentTotalNanoUsd,
                        long ledgerSequence, Instant updatedAt, Long freeRequestsLimit,
                        long creditedMsat, Long billedRequests) implements PuraEvent {
    public static final int SCHEMA_VERSION = 1;

    /** A view without {@code billedRequests} (as written before it). */
    public SpendView(int schemaVersion, String eventId, Instant occurredAt, String keyId, LocalDate utcDay,
                     long spentTodayNanoUsd, long dailyBudgetNanoUsd, long remainingNanoUsd,
                     long requestsToday, long freeRequestsUsed, long balanceMsat, long spentTotalNanoUsd,
                     long ledgerSequence, Instant updatedAt, Long freeRequestsLimit, long creditedMsat) {
        this(schemaVersion, eventId, occurredAt, keyId, utcDay, spentTodayNanoUsd, dailyBudgetNanoUsd, remainingNanoUsd,
                requestsToday, freeRequestsUsed, balanceMsat, spentTotalNanoUsd, ledgerSequence, updatedAt,
                freeRequestsLimit, creditedMsat, null);
    }

    /** Billed requests of the key over all time (free or paid): {@code billedRequests}, else the legacy field. */
    public long billedRequestsEver() {
        return billedRequests != null ? billedRequests : freeRequestsUsed;
    }

    /** A view without the wallet fields (as written before the wallet). */
    public SpendView(int schemaVersion, String eventId, Instant occurredAt, String keyId, LocalDate utcDay,
                     long spentTodayNanoUsd, long dailyBudgetNanoUsd, long remainingNanoUsd,
                     long requestsToday, long freeRequestsUsed, long balanceMsat, long spentTotalNanoUsd,
                     long ledgerSequence, Instant updatedAt) {
        this(schemaVersion, eventId, occurredAt, keyId, utcDay, spentTodayNanoUsd, dailyBudgetNanoUsd, remainingNanoUsd,
                requestsToday, freeRequestsUsed, balanceMsat, spentTotalNanoUsd, ledgerSequence, updatedAt, null, 0, null);
    }

    /** {@code max(0, budget - spent)}. */
    public static long remaining(long dailyBudgetNanoUsd, long spentTodayNanoUsd) {
        return Math.max(0, Math.subtractExact(dailyBudgetNanoUsd, spentTodayNanoUsd));
    }

    /** This view as seen on {@code day}: on a later day, nothing is spent yet. */
    public SpendView asOf(LocalDate day) {
        if (!day.isAfter(utcDay)) {
            return this;
        }
        return new SpendView(schemaVersion, eventId, occurredAt, keyId, day, 0, dailyBudgetNanoUsd,
                dailyBudgetNanoUsd, 0, freeRequestsUsed, balanceMsat, spentTotalNanoUsd, ledgerSequence, updatedAt,
                freeRequestsLimit, creditedMsat, billedRequests);
    }
}
