package xyz.pura.ingress.admission;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.SatsRate;
import xyz.pura.events.SpendView;
import xyz.pura.events.Usd;
import xyz.pura.ingress.ApiException;
import xyz.pura.ingress.keys.ApiKey;

/**
 * Daily-budget admission (ARCHITECTURE.md section 5). A key's spend today is what {@code pura.spend}
 * says plus this instance's completions that the ledger has not counted yet; a request is admitted
 * while that spend plus the reservations of the key's requests in flight is below the cap, and then
 * reserves its own estimate until it completes. So concurrent requests cannot all slip under the cap:
 * the cap is overshot by at most the estimate error of the requests in flight when it is crossed.
 */
public final class Budgets {
    private final Map<String, KeyAccount> accounts = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long freeRequests;
    private final SatsRate rate;
    private final FreeTierCeiling freeTierCeiling;

    /**
     * @param freeRequests the first completed requests of a key that need no sats balance
     * @param rate USD to millisats, for debits past the free tier (the ledger's rate)
     */
    public Budgets(Clock clock, long freeRequests, SatsRate rate) {
        this(clock, freeRequests, rate, 0);
    }

    /** @param freeTierDailyNanoUsd the most free requests may cost this instance per UTC day; 0: no ceiling */
    public Budgets(Clock clock, long freeRequests, SatsRate rate, long freeTierDailyNanoUsd) {
        this.clock = clock;
        this.freeRequests = freeRequests;
        this.rate = rate;
        this.freeTierCeiling = new FreeTierCeiling(freeTierDailyNanoUsd);
    }

    /** Feeds a view from {@code pura.spend}. */
    public void onView(SpendView view) {
        account(view.keyId()).onView(view);
    }

    /**
     * Admits a request and reserves {@code reservationNanoUsd} for it (and its sats equivalent past the free
     * tier), or refuses: 402 {@code budget_exhausted}, or {@link PaymentRequiredException}.
     */
    public Reservation admit(ApiKey key, long reservationNanoUsd) {
        LocalDate today = today();
        KeyAccount account = account(key.keyId());
        long[] msat = new long[2];
        long free = key.freeRequestsOr(freeRequests);
        KeyAccount.Verdict verdict = account.tryReserve(key.dailyBudgetNanoUsd(), reservationNanoUsd, today, free,
                rate, msat);
        switch (verdict) {
            case OK -> {
                boolean freeRequest = msat[1] == 1;
                if (freeRequest && !freeTierCeiling.tryReserve(reservationNanoUsd, today)) {
                    account.settle(reservationNanoUsd, msat[0], false, null, 0, free, rate);
                    throw new PaymentRequiredException("free_tier_exceeded", account.availableMsat(), true);
                }
                return new Reservation(this, account, reservationNanoUsd, msat[0], free, freeRequest);
            }
            case BUDGET_EXHAUSTED -> throw new ApiException(402, "budget_exceeded", "budget_exhausted",
                    "The daily budget of this key (" + Usd.ofNanos(key.dailyBudgetNanoUsd()) + " USD) is spent. "
                            + "It resets at 00:00 UTC.", null, Map.of("X-Pura-Budget-Remaining", "0"), Map.of());
            case FREE_TIER_EXCEEDED -> throw new PaymentRequiredException("free_tier_exceeded", account.availableMsat());
            default -> throw new PaymentRequiredException("insufficient_balance", account.availableMsat());
        }
    }

    /** Billed requests of the key so far (the ledger's count and this instance's uncounted debits). */
    public long billedRequests(String keyId) {
        return account(keyId).billed();
    }

    /** The gateway's default free requests per key ({@code PURA_FREE_REQUESTS}); a key may carry its own. */
    public long freeRequests() {
        return freeRequests;
    }

    /** The cap minus today's spend (this instance's uncounted completions included), never below 0. */
    public Usd remaining(ApiKey key) {
        return Usd.ofNanos(Math.max(0, key.dailyBudgetNanoUsd() - account(key.keyId()).spentToday(today())));
    }

    /** What is reserved for the key's requests in flight on this instance. */
    public long reservedNanoUsd(String keyId) {
        return account(keyId).reservedNanoUsd();
    }

    private KeyAccount account(String keyId) {
        return accounts.computeIfAbsent(keyId, id -> new KeyAccount());
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** One request's hold on its key's budget and balance; settled or released exactly once. */
    public static final class Reservation {
        private final Budgets budgets;
        private final KeyAccount account;
        private final long nanoUsd;
        private final long msat;
        private final long freeRequests;
        private final boolean freeRequest;
        private boolean done;

        Reservation(Budgets budgets, KeyAccount account, long nanoUsd, long msat, long freeRequests, boolean freeRequest) {
            this.budgets = budgets;
            this.account = account;
            this.nanoUsd = nanoUsd;
            this.msat = msat;
            this.freeRequests = freeRequests;
            this.freeRequest = freeRequest;
        }

        public long nanoUsd() {
            return nanoUsd;
        }

        /** Releases the hold and, when the ledger will debit the completion, counts its cost until the ledger has. */
        public synchronized void settle(RequestCompleted completion) {
            if (done) {
                return;
            }
            done = true;
            LocalDate day = LocalDate.ofInstant(completion.occurredAt(), ZoneOffset.UTC);
            account.settle(nanoUsd, msat, completion.debited(), day, completion.costNanoUsd(), freeRequests,
                    budgets.rate);
            if (freeRequest) {
                budgets.freeTierCeiling.settle(nanoUsd, completion.debited() ? completion.costNanoUsd() : 0, day);
            }
        }

        /** Releases the hold without a completion (nothing will be debited). */
        public synchronized void release() {
            if (done) {
                return;
            }
            done = true;
            account.settle(nanoUsd, msat, false, null, 0, freeRequests, budgets.rate);
            if (freeRequest) {
                budgets.freeTierCeiling.settle(nanoUsd, 0, budgets.today());
            }
        }
    }
}
