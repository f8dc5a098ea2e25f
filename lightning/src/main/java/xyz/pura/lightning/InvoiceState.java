package xyz.pura.lightning;

/** What the wallet API reports for an invoice. */
public enum InvoiceState {
    /** Not paid yet and still payable. */
    PENDING,
    /** Paid; final. */
    SETTLED,
    /** Past its expiry (or cancelled by the node) without being paid; final. */
    EXPIRED
}
