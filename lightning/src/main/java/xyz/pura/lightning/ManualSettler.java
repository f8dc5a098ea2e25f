package xyz.pura.lightning;

/**
 * Settles {@code dev} invoices by hand: without a Lightning node this is the only way an
 * invoice settles (the admin endpoint {@code POST /api/admin/wallet/settle} calls it).
 */
public interface ManualSettler {

    /**
     * Marks the invoice settled and returns its status. Settling an already settled invoice is
     * harmless: it returns the first settlement unchanged.
     *
     * @param invoiceId the invoice id (its payment hash, lower-case hex)
     * @throws LightningException {@code NOT_FOUND} for an unknown invoice, {@code EXPIRED} for an
     *                            invoice past its expiry (it can never settle)
     */
    InvoiceStatus settle(String invoiceId);
}
