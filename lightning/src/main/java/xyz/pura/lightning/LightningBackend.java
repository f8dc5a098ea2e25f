package xyz.pura.lightning;

import java.time.Duration;
import java.util.Optional;

/**
 * Where funding invoices come from and where their settlement is observed: a Lightning node
 * (LND REST), an LNbits wallet, or the built-in {@code dev} backend. Implementations are
 * thread-safe. Every failure is a {@link LightningException} whose {@link LightningException.Kind}
 * says whose fault it was; no message ever contains a secret.
 */
public interface LightningBackend {

    /** Which backend this is; also the value of {@code PURA_LIGHTNING} that selects it. */
    BackendKind kind();

    /**
     * Creates an invoice for exactly {@code amountSat} satoshis.
     *
     * @param amountSat   at least 1
     * @param description the BOLT11 {@code d} field, at most {@link Invoice#MAX_DESCRIPTION_BYTES} UTF-8 bytes
     * @param expiry      at least one second, whole seconds
     * @throws LightningException {@code INVALID_REQUEST} for bad arguments (nothing reaches the
     *                            node), otherwise a backend or transport failure
     */
    Invoice createInvoice(long amountSat, String description, Duration expiry);

    /**
     * The current state of the invoice with this payment hash (64 hex characters).
     *
     * @throws LightningException {@code NOT_FOUND} when the backend does not know the invoice
     */
    InvoiceStatus status(String paymentHash);

    /**
     * The current state of an invoice this backend created. Backends that cannot tell an
     * expired invoice from a pending one by hash alone use {@link Invoice#expiresAt()}.
     */
    default InvoiceStatus status(Invoice invoice) {
        return status(invoice.paymentHash());
    }

    /**
     * Whether invoices settle by themselves when someone pays them over Lightning
     * ({@code lnd}, {@code lnbits}). The {@code dev} backend cannot: its invoices settle only
     * through {@link #manualSettler()}.
     */
    default boolean settlesOnItsOwn() {
        return manualSettler().isEmpty();
    }

    /** Present only for the {@code dev} backend: the one way its invoices settle. */
    default Optional<ManualSettler> manualSettler() {
        return Optional.empty();
    }
}
