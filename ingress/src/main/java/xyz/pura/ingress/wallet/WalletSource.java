package xyz.pura.ingress.wallet;

import java.util.List;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.WalletBalance;

/** The ledger's view of a key's wallet (its interactive queries). Throws ApiException 503 while unavailable. */
public interface WalletSource {
    WalletBalance balance(String keyId);

    /** The key's latest ledger entries, newest first. */
    List<LedgerEntry> recentEntries(String keyId, int limit);
}
