package xyz.pura.ledger.remote;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import xyz.pura.events.KeyReport;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.LedgerReads;
import xyz.pura.events.WalletBalance;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;
import xyz.pura.ledger.LedgerQueries;
import xyz.pura.ledger.LedgerUnavailableException;

/** The ledger's interactive queries in this process, refused (503 {@code ledger_unavailable}) while its stores are not queryable. */
public final class LocalLedger implements LedgerReads {
    private final Supplier<LedgerQueries> queries;

    /** @param queries the running ledger's queries, or null while there is none */
    public LocalLedger(Supplier<LedgerQueries> queries) {
        this.queries = queries;
    }

    @Override
    public KeyReport report(String keyId, Instant at) {
        try {
            return local("report").report(keyId, at);
        } catch (LedgerUnavailableException e) {
            throw unavailable("report");
        }
    }

    @Override
    public WalletBalance balance(String keyId) {
        try {
            return local("wallet balance").balance(keyId);
        } catch (LedgerUnavailableException e) {
            throw unavailable("wallet balance");
        }
    }

    @Override
    public List<LedgerEntry> recentEntries(String keyId, int limit) {
        try {
            return local("wallet balance").recentEntries(keyId, limit);
        } catch (LedgerUnavailableException e) {
            throw unavailable("wallet balance");
        }
    }

    private LedgerQueries local(String what) {
        LedgerQueries q = queries.get();
        if (q == null) {
            throw unavailable(what);
        }
        return q;
    }

    private static RuntimeException unavailable(String what) {
        return new Refused(new Refusal.Unavailable("ledger_unavailable", "The " + what + " is not available yet; the ledger is "
                + "starting or rebalancing. Try again shortly.", Refusal.retryAfter(1)));
    }
}
