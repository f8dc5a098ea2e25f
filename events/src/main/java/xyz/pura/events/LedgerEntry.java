package xyz.pura.events;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One booked movement of a key's account on {@code pura.ledger} (keyed by key id, never deleted). Only the
 * ledger service writes it, one entry per priced completion (and, with the wallet, per settled invoice).
 *
 * <p>Every total is recomputable by any consumer from the amounts alone: a key's spend on a day is the sum
 * of {@code amountNanoUsd} of its debits with that {@code utcDay}; its all-time spend the sum of all its
 * debits; its balance the sum of credit {@code amountMsat} minus debit {@code amountMsat}. The
 * {@code ...After} fields state those totals as the ledger saw them after this entry, so a reader can check
 * each entry against its own sums; {@code sequence} runs 1, 2, 3... per key without gaps.
 *
 * @param eventId the entry id and idempotency id: {@code <requestId>:debit} or {@code <invoiceId>:credit}
 * @param occurredAt event time of what is booked (the completion's {@code occurredAt})
 * @param sequence 1-based position of this entry among the key's entries
 * @param kind {@value #DEBIT} or {@value #CREDIT}
 * @param source {@value #SOURCE_REQUEST} or {@value #SOURCE_INVOICE}
 * @param sourceId the request id or the invoice id
 * @param amountNanoUsd the debited cost in nano-USD (1e-9 USD), never negative; 0 for a credit
 * @param amountMsat the millisatoshis moved, never negative: a credit's settled amount; a request debit's
 *     sats cost once the key's free requests are used up, else 0
 * @param utcDay the UTC day the entry is booked to: the day of {@code occurredAt}, except that an entry
 *     arriving after the key's day already rolled over is booked to the key's current day (a closed day
 *     never changes)
 * @param rateCardVersion the rate card that priced a debit; null for a credit
 * @param status the completion status of a debit (ok, client_cancelled, ...); null for a credit
 * @param inputTokens gateway-estimated input tokens of a debit; null for a credit
 * @param outputTokens gateway-estimated output tokens of a debit; null for a credit
 * @param byok whether the caller's own provider key served the request; null for a credit
 * @param spentDayAfterNanoUsd the key's spend on {@code utcDay} including this entry
 * @param requestsDayAfter the key's debits from requests on {@code utcDay} including this entry
 * @param spentTotalAfterNanoUsd the key's spend over all time including this entry
 * @param billedRequestsAfter the key's debits from requests over all time (free requests used)
 * @param balanceAfterMsat the key's sats balance in millisatoshis after this entry (credits minus debits;
 *     never clamped, so it may be below 0 by what requests in flight overshot when admitted)
 * @param msatPerUsd the fixed rate (millisatoshis per USD, {@link SatsRate}) that priced a debit's
 *     {@code amountMsat} as {@code ceil(amountNanoUsd * msatPerUsd / 1e9)}; null for a free request, a credit,
 *     and entries written before the wallet (optional field, added in the wallet issue)
 * @param usageSource a debit's basis: {@code provider} (the provider's reported usage, by component) or
 *     {@code estimate} (the gateway's own count); null for a credit and entries written before this field
 * @param endpoint a request debit's front door ({@link Endpoint#wireName()}); null for a credit and entries written
 *     before this field
 * @param tier a request debit's routing tier ({@code cheap}, {@code mid}, {@code premium}); null for a credit and
 *     entries written before this field
 * @param tokens a request debit's priced tokens by component (the provider's figures, or the estimate: see
 *     {@code usageSource}); null for a credit and entries written before this field
 */
public record LedgerEntry(int schemaVersion, String eventId, Instant occurredAt,
                          String keyId, long sequence, String kind, String source, String sourceId,
                          long amountNanoUsd, long amountMsat, LocalDate utcDay,
                          String rateCardVersion, String provider, String model, String status,
                          Integer inputTokens, Integer outputTokens, Boolean byok,
                          long spentDayAfterNanoUsd, long requestsDayAfter, long spentTotalAfterNanoUsd,
                          long billedRequestsAfter, long balanceAfterMsat, Long msatPerUsd,
                          String usageSource, String endpoint, String tier,
                          xyz.pura.events.pricing.TokenUsage tokens) implements PuraEvent {
    public static final int SCHEMA_VERSION = 1;
    public static final String DEBIT = "debit";
    public static final String CREDIT = "credit";
    public static final String SOURCE_REQUEST = "request";
    public static final String SOURCE_INVOICE = "invoice";

    /** An entry without {@code tier} and {@code tokens} (a credit, or an entry from before the fields). */
    public LedgerEntry(int schemaVersion, String eventId, Instant occurredAt,
                       String keyId, long sequence, String kind, String source, String sourceId,
                       long amountNanoUsd, long amountMsat, LocalDate utcDay,
                       String rateCardVersion, String provider, String model, String status,
                       Integer inputTokens, Integer outputTokens, Boolean byok,
                       long spentDayAfterNanoUsd, long requestsDayAfter, long spentTotalAfterNanoUsd,
                       long billedRequestsAfter, long balanceAfterMsat, Long msatPerUsd,
                       String usageSource, String endpoint) {
        this(schemaVersion, eventId, occurredAt, keyId, sequence, kind, source, sourceId, amountNanoUsd, amountMsat,
                utcDay, rateCardVersion, provider, model, status, inputTokens, outputTokens, byok, spentDayAfterNanoUsd,
                requestsDayAfter, spentTotalAfterNanoUsd, billedRequestsAfter, balanceAfterMsat, msatPerUsd, usageSource,
                endpoint, null, null);
    }

    /** An entry without {@code msatPerUsd} (a credit, a free request, or an entry from before the wallet). */
    public LedgerEntry(int schemaVersion, String eventId, Instant occurredAt,
                       String keyId, long sequence, String kind, String source, String sourceId,
                       long amountNanoUsd, long amountMsat, LocalDate utcDay,
                       String rateCardVersion, String provider, String model, String status,
                       Integer inputTokens, Integer outputTokens, Boolean byok,
                       long spentDayAfterNanoUsd, long requestsDayAfter, long spentTotalAfterNanoUsd,
                       long billedRequestsAfter, long balanceAfterMsat) {
        this(schemaVersion, eventId, occurredAt, keyId, sequence, kind, source, sourceId, amountNanoUsd, amountMsat,
                utcDay, rateCardVersion, provider, model, status, inputTokens, outputTokens, byok, spentDayAfterNanoUsd,
                requestsDayAfter, spentTotalAfterNanoUsd, billedRequestsAfter, balanceAfterMsat, null, null, null);
    }

    /** An entry without {@code endpoint} (a credit, or an entry from before the field). */
    public LedgerEntry(int schemaVersion, String eventId, Instant occurredAt,
                       String keyId, long sequence, String kind, String source, String sourceId,
                       long amountNanoUsd, long amountMsat, LocalDate utcDay,
                       String rateCardVersion, String provider, String model, String status,
                       Integer inputTokens, Integer outputTokens, Boolean byok,
                       long spentDayAfterNanoUsd, long requestsDayAfter, long spentTotalAfterNanoUsd,
                       long billedRequestsAfter, long balanceAfterMsat, Long msatPerUsd, String usageSource) {
        this(schemaVersion, eventId, occurredAt, keyId, sequence, kind, source, sourceId, amountNanoUsd, amountMsat,
                utcDay, rateCardVersion, provider, model, status, inputTokens, outputTokens, byok, spentDayAfterNanoUsd,
                requestsDayAfter, spentTotalAfterNanoUsd, billedRequestsAfter, balanceAfterMsat, msatPerUsd, usageSource, null);
    }

    /** An entry without {@code usageSource} (a credit, or an entry from before the field). */
    public LedgerEntry(int schemaVersion, String eventId, Instant occurredAt,
                       String keyId, long sequence, String kind, String source, String sourceId,
                       long amountNanoUsd, long amountMsat, LocalDate utcDay,
                       String rateCardVersion, String provider, String model, String status,
                       Integer inputTokens, Integer outputTokens, Boolean byok,
                       long spentDayAfterNanoUsd, long requestsDayAfter, long spentTotalAfterNanoUsd,
                       long billedRequestsAfter, long balanceAfterMsat, Long msatPerUsd) {
        this(schemaVersion, eventId, occurredAt, keyId, sequence, kind, source, sourceId, amountNanoUsd, amountMsat,
                utcDay, rateCardVersion, provider, model, status, inputTokens, outputTokens, byok, spentDayAfterNanoUsd,
                requestsDayAfter, spentTotalAfterNanoUsd, billedRequestsAfter, balanceAfterMsat, msatPerUsd, null, null);
    }

    /** The idempotency id of the debit for a request. */
    public static String debitIdFor(String requestId) {
        return requestId + ":debit";
    }

    /** The idempotency id of the credit for a settled invoice. */
    public static String creditIdFor(String invoiceId) {
        return invoiceId + ":credit";
    }

    public boolean isDebit() {
        return DEBIT.equals(kind);
    }

    public boolean isRequestDebit() {
        return isDebit() && SOURCE_REQUEST.equals(source);
    }

    /** Whether this is the credit of a settled invoice. */
    public boolean isInvoiceCredit() {
        return CREDIT.equals(kind) && SOURCE_INVOICE.equals(source);
    }
}
