package xyz.pura.lightning.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import xyz.pura.lightning.Invoice;
import xyz.pura.lightning.LightningException;
import xyz.pura.lightning.LightningException.Kind;

/**
 * Turns a node's answer into an {@link Invoice}, trusting nothing: the returned BOLT11 must
 * decode with a valid signature and carry exactly the payment hash and amount we expect.
 * Creation and expiry times are read from the invoice itself.
 */
final class IssuedInvoice {
    private IssuedInvoice() {
    }

    static Invoice verify(String backend, String paymentRequest, String paymentHash, long amountSat, String description) {
        DecodedBolt11 decoded;
        try {
            decoded = Bolt11Decoder.decode(paymentRequest);
        } catch (IllegalArgumentException e) {
            throw new LightningException(Kind.BAD_RESPONSE, backend + " returned an invalid BOLT11 invoice", e);
        }
        if (!decoded.paymentHashHex().equals(paymentHash)) {
            throw new LightningException(Kind.BAD_RESPONSE, backend + " returned an invoice whose payment hash differs from the one it reported");
        }
        if (decoded.amountMsat() == null || decoded.amountMsat() != amountSat * 1000) {
            throw new LightningException(Kind.BAD_RESPONSE, backend + " returned an invoice for " + decoded.amountMsat()
                    + " msat instead of " + amountSat * 1000);
        }
        return new Invoice(paymentHash, paymentRequest, paymentHash, amountSat, amountSat * 1000, description,
                decoded.timestamp(), decoded.expiresAt());
    }

    /** A JSON integer that a node may send as a number or as a decimal string (LND's int64); absent is 0. */
    static long longField(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
            return 0;
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isTextual() && v.asText().matches("-?\\d{1,18}")) {
            return Long.parseLong(v.asText());
        }
        throw new LightningException(Kind.BAD_RESPONSE, "field " + field + " is not an integer");
    }

    static Instant epoch(long seconds) {
        return Instant.ofEpochSecond(seconds);
    }
}
