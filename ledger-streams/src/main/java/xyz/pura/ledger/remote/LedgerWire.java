package xyz.pura.ledger.remote;

import java.util.List;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.WalletBalance;

/**
 * What the ledger's internal endpoint and its clients (remote ingresses, and the other ledger instances it forwards
 * to) agree on: the paths, the header that says how a forwarded read may be answered, and the wallet answer's body.
 * Each read names one store, since a key's stores may be owned by different instances.
 */
final class LedgerWire {
    static final String REPORT_PATH = "/internal/ledger/report/";
    static final String BALANCE_PATH = "/internal/ledger/balance/";
    static final String RECENT_PATH = "/internal/ledger/recent/";
    /** A key's daily usage: {@code .../usage/{keyId}?from=YYYY-MM-DD&to=YYYY-MM-DD}. */
    static final String USAGE_PATH = "/internal/ledger/usage/";
    /** Balance and recent entries in one answer (each routed on its own); kept for ingresses of earlier versions. */
    static final String WALLET_PATH = "/internal/ledger/wallet/";
    /**
     * How a read may be answered ({@link LedgerRouting.Mode}): absent, route it to the key's owner; {@code owner}, only
     * as the owner (a forwarded read, never forwarded again).
     */
    static final String READ_HEADER = "X-Pura-Ledger-Read";

    /** The wallet endpoint's body: the balance and the latest entries, newest first. */
    record Wallet(WalletBalance balance, List<LedgerEntry> entries) {
    }

    private LedgerWire() {
    }
}
