package xyz.pura.lightning;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A Lightning invoice as issued by a backend.
 *
 * @param invoiceId      a stable id: the payment hash in lower-case hex, on every backend
 * @param paymentRequest the raw BOLT11 string
 * @param paymentHash    SHA-256 of the preimage, 64 lower-case hex characters
 * @param amountSat      whole satoshis
 * @param amountMsat     the same amount in millisatoshis ({@code amountSat * 1000})
 * @param description    the BOLT11 {@code d} field
 * @param createdAt      the invoice timestamp (whole seconds)
 * @param expiresAt      {@code createdAt} plus the expiry
 */
public record Invoice(String invoiceId, String paymentRequest, String paymentHash, long amountSat,
                      long amountMsat, String description, Instant createdAt, Instant expiresAt) {

    /**
     * The longest description in UTF-8 bytes: a BOLT11 tagged field holds at most 1023
     * five-bit words, i.e. 639 whole bytes.
     */
    public static final int MAX_DESCRIPTION_BYTES = 639;

    /** Validates the invariants every backend must meet. */
    public Invoice {
        Objects.requireNonNull(paymentRequest, "paymentRequest");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        requireHash(paymentHash);
        if (!paymentHash.equals(invoiceId)) {
            throw new IllegalArgumentException("invoiceId must be the payment hash");
        }
        if (amountSat <= 0 || amountMsat != Math.multiplyExact(amountSat, 1000L)) {
            throw new IllegalArgumentException("amount must be positive whole sats, got " + amountMsat + " msat");
        }
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("expiresAt must be after createdAt");
        }
    }

    /** Whether the invoice can no longer be paid at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Checks that {@code s} is 64 lower-case hex characters (a 32-byte hash). */
    public static String requireHash(String s) {
        if (s == null || s.length() != 64 || !s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("a payment hash is 64 lower-case hex characters");
        }
        return s;
    }

    /** The UTF-8 length check behind {@link #MAX_DESCRIPTION_BYTES}. */
    public static boolean descriptionFits(String description) {
        return description.getBytes(StandardCharsets.UTF_8).length <= MAX_DESCRIPTION_BYTES;
    }

    /** The payment hash as bytes. */
    public byte[] paymentHashBytes() {
        return HexFormat.of().parseHex(paymentHash);
    }
}
