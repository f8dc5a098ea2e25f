package xyz.pura.ledger.remote;

import java.util.List;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.WalletBalance;

/** What the ledger's internal endpoint and its remote client agree on: the paths and the wallet answer's body. */
final class LedgerWire {
    static final String REPORT_PATH = "/internal/ledger/report/";
    static final String WALLET_PATH = "/internal/ledger/wallet/";

    /** The wallet endpoint's body: the balance and the latest entries, newest first. */
    record Wallet(WalletBalance balance, List<LedgerEntry> entries) {
    }

    private LedgerWire() {
    }
}
