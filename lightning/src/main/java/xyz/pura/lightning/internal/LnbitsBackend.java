package xyz.pura.lightning.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;
import xyz.pura.lightning.BackendKind;
import xyz.pura.lightning.Invoice;
import xyz.pura.lightning.InvoiceStatus;
import xyz.pura.lightning.LightningBackend;
import xyz.pura.lightning.LightningConfig;
import xyz.pura.lightning.LightningException;
import xyz.pura.lightning.LightningException.Kind;

/**
 * An LNbits wallet: {@code POST /api/v1/payments} with {@code "out": false} creates an invoice
 * (answer: {@code payment_hash} and {@code payment_request} in older releases, {@code bolt11} in
 * newer ones), {@code GET /api/v1/payments/{payment_hash}} reports {@code paid}. Both carry the
 * wallet's invoice key in {@code X-Api-Key}.
 */
public final class LnbitsBackend implements LightningBackend {
    static final String API_KEY_HEADER = "X-Api-Key";

    private final LightningConfig.Lnbits config;
    private final Clock clock;
    private final HttpUrl base;
    private final NodeHttp http;

    /** Builds the client (default JVM trust: LNbits runs behind ordinary HTTPS). */
    public LnbitsBackend(LightningConfig.Lnbits config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.base = HttpUrl.get(config.url());
        this.http = new NodeHttp(NodeHttp.clientBuilder(config.timeout()).build(), "lnbits", config.apiKey());
    }

    @Override
    public BackendKind kind() {
        return BackendKind.LNBITS;
    }

    @Override
    public Invoice createInvoice(long amountSat, String description, Duration expiry) {
        long expirySeconds = InvoiceArgs.validate(amountSat, description, expiry);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("out", false);
        body.put("amount", amountSat);
        body.put("unit", "sat");
        body.put("memo", description);
        body.put("expiry", expirySeconds);
        Request request = authorized(base.newBuilder().addPathSegments("api/v1/payments").build())
                .post(NodeHttp.jsonBody(body)).build();
        JsonNode response = http.call(request, "create invoice");
        String hash = http.requiredText(response, "payment_hash", "create invoice");
        String bolt11 = response.hasNonNull("bolt11") ? http.requiredText(response, "bolt11", "create invoice")
                : http.requiredText(response, "payment_request", "create invoice");
        return IssuedInvoice.verify("lnbits", bolt11, hash, amountSat, description);
    }

    @Override
    public InvoiceStatus status(String paymentHash) {
        return status(InvoiceArgs.hash(paymentHash), Optional.empty());
    }

    @Override
    public InvoiceStatus status(Invoice invoice) {
        return status(InvoiceArgs.hash(invoice.paymentHash()), Optional.of(invoice.expiresAt()));
    }

    private InvoiceStatus status(String hash, Optional<Instant> knownExpiry) {
        Request request = authorized(base.newBuilder().addPathSegments("api/v1/payments").addPathSegment(hash).build())
                .get().build();
        JsonNode payment = http.call(request, "check invoice");
        JsonNode paid = payment.get("paid");
        if (paid == null || !paid.isBoolean()) {
            throw new LightningException(Kind.BAD_RESPONSE, "lnbits check invoice: response lacks paid");
        }
        if (paid.asBoolean()) {
            return InvoiceStatus.settled(hash, clock.instant());
        }
        String status = payment.path("status").asText("");
        if (status.equals("failed") || status.equals("expired")) {
            return InvoiceStatus.expired(hash);
        }
        Optional<Instant> expiresAt = knownExpiry.or(() -> expiry(payment.path("details").get("expiry")));
        return expiresAt.isPresent() && !clock.instant().isBefore(expiresAt.get())
                ? InvoiceStatus.expired(hash) : InvoiceStatus.pending(hash);
    }

    /** {@code details.expiry}: unix seconds in some releases, an ISO-8601 date-time in others; else unknown. */
    private static Optional<Instant> expiry(JsonNode v) {
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (v.isIntegralNumber()) {
            return Optional.of(Instant.ofEpochSecond(v.asLong()));
        }
        String text = v.asText();
        if (text.matches("\\d{1,12}")) {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(text)));
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException offsetMissing) {
            // older releases print a naive UTC timestamp ("2024-05-01 12:00:00")
            try {
                return Optional.of(LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e2) {
                throw new LightningException(Kind.BAD_RESPONSE, "lnbits details.expiry is not a time: " + text, e2);
            }
        }
    }

    private Request.Builder authorized(HttpUrl url) {
        return new Request.Builder().url(url).header(API_KEY_HEADER, config.apiKey());
    }

    @Override
    public String toString() {
        return "LnbitsBackend[" + config + "]";
    }
}
