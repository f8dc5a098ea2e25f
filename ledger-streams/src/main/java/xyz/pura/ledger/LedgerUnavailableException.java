package xyz.pura.ledger;

/** The ledger's state cannot be queried right now (starting, restoring or rebalancing); retry later. */
public final class LedgerUnavailableException extends RuntimeException {
    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
