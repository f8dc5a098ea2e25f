package xyz.pura.ingress.admission;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import xyz.pura.events.RequestCompleted;
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

    public Budgets(Clock clock) {
        this.clock = clock;
    }

    /** Feeds a view from {@code pura.spend}. */
    public void onView(SpendView view) {
        account(view.keyId()).onView(view);
    }

    /**
     * Admits a request and reserves {@code reservationNanoUsd} for it, or answers 402 {@code budget_exhausted}.
     */
    public Reservation admit(ApiKey key, long reservationNanoUsd) {
        LocalDate today = today();
        KeyAccount account = account(key.keyId());
        if (!account.tryReserve(key.dailyBudgetNanoUsd(), reservationNanoUsd, today)) {
            throw new ApiException(402, "budget_exceeded", "budget_exhausted",
                    "The daily budget of this key (" + Usd.ofNanos(key.dailyBudgetNanoUsd()) + " USD) is spent. "
                            + "It resets at 00:00 UTC.", null, Map.of("X-Pura-Budget-Remaining", "0"), Map.of());
        }
        return new Reservation(account, reservationNanoUsd);
    }

    /** The cap minus today's spend (this instance's uncounted completions included), never below 0. */
    public Usd remaining(ApiKey key) {
        return Usd.ofNanos(Math.max(0, key.dailyBudgetNanoUsd() - account(key.keyId()).spentToday(today())));
    }

    /** What is reserved for the key's requests in flight on this instance. */
    public long reservedNanoUsd(String keyId) {
        return account(keyId).reserved();
    }

    private KeyAccount account(String keyId) {
        return accounts.computeIfAbsent(keyId, id -> new KeyAccount());
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** One request's hold on its key's budget; settled or released exactly once. */
    public static final class Reservation {
        private final KeyAccount account;
        private final long nanoUsd;
        private boolean done;

        Reservation(KeyAccount account, long nanoUsd) {
            this.account = account;
            this.nanoUsd = nanoUsd;
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
            account.settle(nanoUsd, completion.debited(), day, completion.costNanoUsd());
        }

        /** Releases the hold without a completion (nothing will be debited). */
        public synchronized void release() {
            if (done) {
                return;
            }
            done = true;
            account.settle(nanoUsd, false, null, 0);
        }
    }
}
