package xyz.pura.lightning;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of one invoice as a backend reports it.
 *
 * @param paymentHash the invoice's payment hash (its id), lower-case hex
 * @param state       pending, settled or expired
 * @param settledAt   when it settled; non-null exactly when {@code state} is {@code SETTLED}
 *                    (the node's settle time where it reports one, else when it was first seen settled)
 */
public record InvoiceStatus(String paymentHash, InvoiceState state, Instant settledAt) {

    /** Validates that {@code settledAt} is present exactly for settled invoices. */
    public InvoiceStatus {
        Invoice.requireHash(paymentHash);
        Objects.requireNonNull(state, "state");
        if ((state == InvoiceState.SETTLED) != (settledAt != null)) {
            throw new IllegalArgumentException("settledAt is set exactly when the invoice is settled");
        }
    }

    /** A pending invoice. */
    public static InvoiceStatus pending(String paymentHash) {
        return new InvoiceStatus(paymentHash, InvoiceState.PENDING, null);
    }

    /** An expired (or cancelled) invoice. */
    public static InvoiceStatus expired(String paymentHash) {
        return new InvoiceStatus(paymentHash, InvoiceState.EXPIRED, null);
    }

    /** A settled invoice. */
    public static InvoiceStatus settled(String paymentHash, Instant settledAt) {
        return new InvoiceStatus(paymentHash, InvoiceState.SETTLED, Objects.requireNonNull(settledAt, "settledAt"));
    }

    /** Whether the state can no longer change. */
    public boolean isFinal() {
        return state != InvoiceState.PENDING;
    }
}
