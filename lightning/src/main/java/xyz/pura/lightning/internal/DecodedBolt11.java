package xyz.pura.lightning.internal;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A decoded, signature-checked BOLT11 payment request.
 *
 * @param currencyPrefix {@code lnbc}, {@code lnbcrt}, ...
 * @param amountMsat     the amount, or null for an invoice without one
 * @param timestamp      creation time (whole seconds)
 * @param fields         the tagged fields that the spec says to read, in order
 * @param payeeNodeKey   the 33-byte compressed key that signed it (recovered, or checked against {@code n})
 */
public record DecodedBolt11(String currencyPrefix, Long amountMsat, Instant timestamp, List<TaggedField> fields,
                            byte[] payeeNodeKey) {
    /** Expiry when the invoice has no {@code x} field. */
    public static final long DEFAULT_EXPIRY_SECONDS = 3600;
    /** min_final_cltv_expiry_delta when the invoice has no {@code c} field. */
    public static final long DEFAULT_MIN_FINAL_CLTV = 18;

    /** The first field of a type. */
    public Optional<TaggedField> field(int type) {
        return fields.stream().filter(f -> f.type() == type).findFirst();
    }

    /** The payment hash in lower-case hex; every valid invoice has one. */
    public String paymentHashHex() {
        return HexFormat.of().formatHex(field(TaggedField.PAYMENT_HASH).orElseThrow().bytes());
    }

    /** The description, if the invoice has a {@code d} field. */
    public Optional<String> description() {
        return field(TaggedField.DESCRIPTION).map(TaggedField::text);
    }

    /** The expiry in seconds. */
    public long expirySeconds() {
        return field(TaggedField.EXPIRY).map(TaggedField::intValue).orElse(DEFAULT_EXPIRY_SECONDS);
    }

    /** When the invoice expires. */
    public Instant expiresAt() {
        return timestamp.plusSeconds(expirySeconds());
    }

    /** The payee key in hex. */
    public String payeeNodeKeyHex() {
        return HexFormat.of().formatHex(payeeNodeKey);
    }
}
