package xyz.pura.gateway.admission;

import java.time.LocalDate;

/**
 * The most the free tier may cost this instance per UTC day ({@code PURA_FREE_TIER_DAILY_USD}), whoever asks: free
 * requests reserve their estimate against it while in flight and count their cost once done; past it, a request
 * that would be free is refused with 402 {@code free_tier_exceeded} and a funding invoice, as if its key's own free
 * tier were used up. Funded requests are never counted or refused here. Per instance: N instances allow N times it.
 */
final class FreeTierCeiling {
    private final long capNanoUsd;
    private LocalDate day;
    private long spentNanoUsd;
    private long reservedNanoUsd;

    /** @param capNanoUsd 0 or less: no ceiling */
    FreeTierCeiling(long capNanoUsd) {
        this.capNanoUsd = capNanoUsd;
    }

    synchronized boolean tryReserve(long nanoUsd, LocalDate today) {
        if (capNanoUsd <= 0) {
            return true;
        }
        roll(today);
        if (spentNanoUsd + reservedNanoUsd + nanoUsd > capNanoUsd) {
            return false;
        }
        reservedNanoUsd += nanoUsd;
        return true;
    }

    /** Releases a reservation and counts what the request cost (0 when nothing was debited). */
    synchronized void settle(long reservedNanoUsd, long costNanoUsd, LocalDate today) {
        if (capNanoUsd <= 0) {
            return;
        }
        this.reservedNanoUsd = Math.max(0, this.reservedNanoUsd - reservedNanoUsd);
        roll(today);
        spentNanoUsd += costNanoUsd;
    }

    synchronized long spentTodayNanoUsd(LocalDate today) {
        roll(today);
        return spentNanoUsd;
    }

    private void roll(LocalDate today) {
        if (!today.equals(day)) {
            day = today;
            spentNanoUsd = 0;
        }
    }
}
