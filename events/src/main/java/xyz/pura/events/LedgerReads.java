package xyz.pura.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What the front doors ask of the ledger: a key's report, its daily usage and its wallet. Served by the ledger in this process or by
 * a ledger process elsewhere ({@code PURA_LEDGER_URL}); either way a ledger that cannot answer yet (starting,
 * rebalancing, unreachable) throws a {@link xyz.pura.events.refusal.Refusal.Unavailable}.
 */
public interface LedgerReads {
    /** The key's spend over the 24 hours before {@code at}. */
    KeyReport report(String keyId, Instant at);

    WalletBalance balance(String keyId);

    /** The key's latest ledger entries, newest first. */
    List<LedgerEntry> recentEntries(String keyId, int limit);

    /** The key's debits per UTC day and model over the days {@code [from, to]} (at most the store's retention). */
    KeyUsage usage(String keyId, LocalDate from, LocalDate to);
}
