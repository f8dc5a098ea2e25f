package xyz.pura.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * The life of a Lightning funding invoice on {@code pura.wallet} (keyed by the key id that the invoice
 * funds; append-only). The JSON property {@code type} names the record. An invoice is named by its payment
 * hash (64 lower-case hex characters) on every backend; its event ids are deterministic, so that a
 * re-published or re-polled event is the same event: {@code <invoiceId>:created}, {@code <invoiceId>:settled},
 * {@code <invoiceId>:expired}. The ledger turns each settled invoice into exactly one credit
 * ({@code <invoiceId>:credit}), however often its InvoiceSettled arrives.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = WalletEvent.InvoiceCreated.class, name = "InvoiceCreated"),
        @JsonSubTypes.Type(value = WalletEvent.InvoiceSettled.class, name = "InvoiceSettled"),
        @JsonSubTypes.Type(value = WalletEvent.InvoiceExpired.class, name = "InvoiceExpired")
})
public sealed interface WalletEvent extends PuraEvent {
    int SCHEMA_VERSION = 1;
    /** {@code backend} of an invoice issued by the built-in dev node. */
    String BACKEND_DEV = "dev";
    /** {@code backend} of an invoice issued by an LND node. */
    String BACKEND_LND = "lnd";
    /** {@code backend} of an invoice issued by an LNbits wallet. */
    String BACKEND_LNBITS = "lnbits";

    /** The payment hash, lower-case hex. */
    String invoiceId();

    /** The key whose balance the invoice funds (also the record key). */
    String keyId();

    /**
     * An invoice was issued for a key. Event id {@code <invoiceId>:created}.
     *
     * @param invoiceId the payment hash, 64 lower-case hex characters
     * @param amountSat the invoice amount in whole satoshis
     * @param amountMsat the same amount in millisatoshis ({@code amountSat * 1000})
     * @param paymentRequest the BOLT11 string (public data: whoever holds it can only pay it)
     * @param expiresAt when the invoice can no longer be paid
     * @param backend {@value #BACKEND_DEV}, {@value #BACKEND_LND} or {@value #BACKEND_LNBITS}
     */
    record InvoiceCreated(int schemaVersion, String eventId, Instant occurredAt, String invoiceId, String keyId,
                          long amountSat, long amountMsat, String paymentRequest, Instant expiresAt,
                          String backend) implements WalletEvent {
        /** An InvoiceCreated with its deterministic event id. */
        public static InvoiceCreated of(Instant occurredAt, String invoiceId, String keyId, long amountSat,
                                        String paymentRequest, Instant expiresAt, String backend) {
            return new InvoiceCreated(SCHEMA_VERSION, createdIdFor(invoiceId), occurredAt, invoiceId, keyId, amountSat,
                    Math.multiplyExact(amountSat, 1000L), paymentRequest, expiresAt, backend);
        }
    }

    /**
     * An invoice was paid. Event id {@code <invoiceId>:settled}: a second report of the same settlement (a
     * second poll, a restart, a notification after a poll) is the same event, and the ledger credits it once.
     *
     * @param amountMsat the millisatoshis received (what the ledger credits)
     * @param settledAt when the backend says the invoice was paid
     */
    record InvoiceSettled(int schemaVersion, String eventId, Instant occurredAt, String invoiceId, String keyId,
                          long amountMsat, Instant settledAt) implements WalletEvent {
        /** An InvoiceSettled with its deterministic event id. */
        public static InvoiceSettled of(Instant occurredAt, String invoiceId, String keyId, long amountMsat,
                                        Instant settledAt) {
            return new InvoiceSettled(SCHEMA_VERSION, settledIdFor(invoiceId), occurredAt, invoiceId, keyId,
                    amountMsat, settledAt);
        }
    }

    /** An invoice passed its expiry unpaid (or the node cancelled it). Event id {@code <invoiceId>:expired}. */
    record InvoiceExpired(int schemaVersion, String eventId, Instant occurredAt, String invoiceId,
                          String keyId) implements WalletEvent {
        /** An InvoiceExpired with its deterministic event id. */
        public static InvoiceExpired of(Instant occurredAt, String invoiceId, String keyId) {
            return new InvoiceExpired(SCHEMA_VERSION, expiredIdFor(invoiceId), occurredAt, invoiceId, keyId);
        }
    }

    /** {@code <invoiceId>:created}. */
    static String createdIdFor(String invoiceId) {
        return invoiceId + ":created";
    }

    /** {@code <invoiceId>:settled}. */
    static String settledIdFor(String invoiceId) {
        return invoiceId + ":settled";
    }

    /** {@code <invoiceId>:expired}. */
    static String expiredIdFor(String invoiceId) {
        return invoiceId + ":expired";
    }
}
