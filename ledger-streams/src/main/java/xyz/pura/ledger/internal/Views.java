package xyz.pura.ledger.internal;

import java.time.Instant;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.SpendView;
import xyz.pura.events.WalletEvent;

/** Turns account states into the records that leave the topology. */
public final class Views {
    private Views() {
    }

    /** @param freeRequests the configured default; a key's own allowance (from pura.keys) wins */
    public static SpendView spendView(AccountState s, long defaultBudgetNanoUsd, long freeRequests) {
        long budget = s.dailyBudgetNanoUsd() == null ? defaultBudgetNanoUsd : s.dailyBudgetNanoUsd();
        return new SpendView(SpendView.SCHEMA_VERSION, s.keyId() + ":spend:" + s.revision(), s.updatedAt(),
                s.keyId(), s.utcDay(), s.spentTodayNanoUsd(), budget,
                SpendView.remaining(budget, s.spentTodayNanoUsd()), s.requestsToday(), s.billedRequests(),
                s.balanceMsat(), s.spentTotalNanoUsd(), s.ledgerSequence(), s.updatedAt(), s.freeRequestsOr(freeRequests),
                s.creditedMsat(), s.billedRequests());
    }

    /**
     * The debit for a completion, given the state after booking it.
     *
     * @param msatPerUsd the rate that priced {@code amountMsat}, or null for a free request
     */
    public static LedgerEntry debit(RequestCompleted c, Instant at, long amountMsat, Long msatPerUsd,
                                    AccountState after) {
        return new LedgerEntry(LedgerEntry.SCHEMA_VERSION, LedgerEntry.debitIdFor(c.requestId()), at,
                c.keyId() == null ? after.keyId() : c.keyId(), after.ledgerSequence(), LedgerEntry.DEBIT,
                LedgerEntry.SOURCE_REQUEST, c.requestId(), c.costNanoUsd(), amountMsat, after.utcDay(),
                c.rateCardVersion(), c.provider(), c.model(), c.status(), c.inputTokens(), c.outputTokens(),
                c.byok(), after.spentTodayNanoUsd(), after.requestsToday(), after.spentTotalNanoUsd(),
                after.billedRequests(), after.balanceMsat(), msatPerUsd, c.usageSource(), c.endpoint(), c.tier(),
                c.pricedTokens());
    }

    /** The credit for a settled invoice, given the state after booking it. */
    public static LedgerEntry credit(WalletEvent.InvoiceSettled s, Instant at, AccountState after) {
        return new LedgerEntry(LedgerEntry.SCHEMA_VERSION, LedgerEntry.creditIdFor(s.invoiceId()), at,
                after.keyId(), after.ledgerSequence(), LedgerEntry.CREDIT, LedgerEntry.SOURCE_INVOICE, s.invoiceId(),
                0, s.amountMsat(), after.utcDay(), null, null, null, null, null, null, null,
                after.spentTodayNanoUsd(), after.requestsToday(), after.spentTotalNanoUsd(), after.billedRequests(),
                after.balanceMsat(), null);
    }
}
