package xyz.pura.gateway.admission;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.SatsRate;
import xyz.pura.events.SpendView;
import xyz.pura.events.Usd;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;
import xyz.pura.gateway.keys.ApiKey;

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
    private final long waitNanos;
    private final OutputAllowance outputs;
    /** Invoices this instance has credited locally, so a settlement seen twice is never counted twice (bounded). */
    private final Map<String, Boolean> credited = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 100_000;
                }
            });

    /**
     * @param freeRequests the first completed requests of a key that need no sats balance
     * @param rate USD to millisats, for debits past the free tier (the ledger's rate)
     */
    public Budgets(Clock clock, long freeRequests, SatsRate rate) {
        this(clock, freeRequests, rate, 0);
    }

    /** @param freeTierDailyNanoUsd the most free requests may cost this instance per UTC day; 0: no ceiling */
    public Budgets(Clock clock, long freeRequests, SatsRate rate, long freeTierDailyNanoUsd) {
        this(clock, freeRequests, rate, freeTierDailyNanoUsd, java.time.Duration.ZERO, OutputAllowance.unbounded());
    }

    /**
     * @param admissionWait how long a request that only the key's reservations in flight keep out waits for them
     *     before it is refused with 429 ({@code PURA_ADMISSION_WAIT_MS})
     * @param outputs the output allowance a request without {@code max_tokens} reserves, learned from completions
     */
    public Budgets(Clock clock, long freeRequests, SatsRate rate, long freeTierDailyNanoUsd,
                   java.time.Duration admissionWait, OutputAllowance outputs) {
        this.clock = clock;
        this.freeRequests = freeRequests;
        this.rate = rate;
        this.freeTierCeiling = new FreeTierCeiling(freeTierDailyNanoUsd);
        this.waitNanos = admissionWait.toNanos();
        this.outputs = outputs;
    }

    /** The output tokens a request reserves (its max_tokens, else what this model's answers need, capped by its maximum). */
    public OutputAllowance outputs() {
        return outputs;
    }

    /** Feeds a view from {@code pura.spend}. */
    public void onView(SpendView view) {
        account(view.keyId()).onView(view);
    }

    /**
     * Admits a request and reserves {@code reservationNanoUsd} for it (and its sats equivalent past the free
     * tier), or refuses: 402 {@code budget_exhausted} when today's spend has reached the cap; 429
     * {@code budget_in_flight} / {@code balance_in_flight} (with {@code Retry-After}) when nothing is spent yet but the
     * key's requests in flight hold the room, after waiting up to the admission wait for them;
     * {@link PaymentRequiredException} when the free tier is used and the balance does not cover the request.
     */
    public Reservation admit(ApiKey key, long reservationNanoUsd) {
        LocalDate today = today();
        KeyAccount account = account(key.keyId());
        long[] msat = new long[2];
        long free = key.freeRequestsOr(freeRequests);
        KeyAccount.Verdict verdict = account.tryReserve(key.dailyBudgetNanoUsd(), reservationNanoUsd, today, free,
                rate, msat, System.nanoTime() + waitNanos);
        switch (verdict) {
            case OK -> {
                boolean freeRequest = msat[1] == 1;
                if (freeRequest && !freeTierCeiling.tryReserve(reservationNanoUsd, today)) {
                    account.settle(reservationNanoUsd, msat[0], false, null, 0, free, rate);
                    throw new PaymentRequiredException("free_tier_exceeded", account.availableMsat(), true);
                }
                return new Reservation(this, account, reservationNanoUsd, msat[0], free, freeRequest);
            }
            case BUDGET_EXHAUSTED -> throw new Refused(new Refusal.BudgetExhausted("budget_exhausted", "The daily budget of this key (" + Usd.ofNanos(key.dailyBudgetNanoUsd()) + " USD) is spent. "
                            + "It resets at 00:00 UTC.", Map.of("X-Pura-Budget-Remaining", "0")));
            case BUDGET_IN_FLIGHT -> throw new Refused(new Refusal.RateLimited("budget_in_flight", "This key's requests in flight hold " + Usd.ofNanos(account.reservedNanoUsd()) + " USD of the "
                            + remaining(key) + " USD left of its daily budget; nothing more is spent yet. Retry shortly: "
                            + "they release what they do not use when they finish.", Map.of("Retry-After", "1", "X-Pura-Budget-Remaining", remaining(key).toString(),
                            "X-Pura-Budget-Reserved", Usd.ofNanos(account.reservedNanoUsd()).toString())));
            case BALANCE_IN_FLIGHT -> throw new Refused(new Refusal.RateLimited("balance_in_flight", "This key's requests in flight hold its last free requests or the sats this request needs; "
                            + "nothing more is spent yet. Retry shortly: they release what they do not use when they finish.", Map.of("Retry-After", "1")));
            case FREE_TIER_EXCEEDED -> throw new PaymentRequiredException("free_tier_exceeded", account.availableMsat());
            default -> throw new PaymentRequiredException("insufficient_balance", account.availableMsat());
        }
    }

    /**
     * Makes a settled invoice spendable on this instance at once, before its settlement is published (the ledger's
     * view then includes it later and the local credit is dropped). De-duplicated by invoice id.
     *
     * @return false when this invoice was credited here before (nothing changes)
     */
    public boolean credit(String keyId, String invoiceId, long msat) {
        if (credited.putIfAbsent(invoiceId, Boolean.TRUE) != null) {
            return false;
        }
        return account(keyId).credit(invoiceId, msat);
    }

    /** Withdraws a local credit whose settlement could not be published (it will be credited when it is). */
    public void uncredit(String keyId, String invoiceId) {
        credited.remove(invoiceId);
        account(keyId).uncredit(invoiceId);
    }

    /** Whether this instance has credited the invoice (its settlement is spendable here). */
    public boolean creditedHere(String invoiceId) {
        return credited.containsKey(invoiceId);
    }

    /**
     * The key's wallet as admission sees it at this instant on this instance.
     *
     * @param balanceMsat the ledger's balance plus this instance's settlements and minus its debits that the ledger
     *     has not booked yet
     * @param reservedMsat held for the key's requests in flight
     * @param billedRequests the free-tier counter: the ledger's, plus this instance's unbooked debits
     * @param freeRequests the key's free requests
     */
    public record WalletState(long balanceMsat, long reservedMsat, long billedRequests, long freeRequests) {
    }

    public WalletState wallet(ApiKey key) {
        KeyAccount a = account(key.keyId());
        synchronized (a) {
            return new WalletState(a.balanceAfterPendingMsat(), a.reservedMsat(), a.billed(), key.freeRequestsOr(freeRequests));
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

    /** Today's spend: the ledger's, plus this instance's completions it has not booked yet (reservations never count). */
    public Usd spentToday(ApiKey key) {
        return Usd.ofNanos(account(key.keyId()).spentToday(today()));
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
            if (completion.completionStatus() == xyz.pura.events.CompletionStatus.OK) {
                budgets.outputs.observe(completion.model(), completion.outputTokens());
            }
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
