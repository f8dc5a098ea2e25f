package xyz.pura.lightning.internal;

import java.time.Duration;
import xyz.pura.lightning.Invoice;
import xyz.pura.lightning.LightningException;

/** The argument checks every backend applies before anything reaches a node. */
final class InvoiceArgs {
    /** A year: far beyond any funding invoice, and well inside every node's limits. */
    static final long MAX_EXPIRY_SECONDS = 365L * 24 * 3600;
    /** 21 million BTC in sats, so that msat arithmetic can never overflow. */
    static final long MAX_SATS = 2_100_000_000_000_000L;

    private InvoiceArgs() {
    }

    /** Returns the expiry in whole seconds after validating every argument. */
    static long validate(long amountSat, String description, Duration expiry) {
        if (amountSat < 1 || amountSat > MAX_SATS) {
            throw invalid("amount must be between 1 and " + MAX_SATS + " sats, got " + amountSat);
        }
        if (description == null || !Invoice.descriptionFits(description)) {
            throw invalid("description must be present and at most " + Invoice.MAX_DESCRIPTION_BYTES + " UTF-8 bytes");
        }
        if (expiry == null || expiry.getSeconds() < 1 || expiry.getSeconds() > MAX_EXPIRY_SECONDS) {
            throw invalid("expiry must be between 1 s and " + MAX_EXPIRY_SECONDS + " s");
        }
        return expiry.getSeconds();
    }

    static String hash(String paymentHash) {
        try {
            return Invoice.requireHash(paymentHash);
        } catch (IllegalArgumentException e) {
            throw new LightningException(LightningException.Kind.INVALID_REQUEST, e.getMessage(), e);
        }
    }

    private static LightningException invalid(String message) {
        return new LightningException(LightningException.Kind.INVALID_REQUEST, message);
    }
}
