package xyz.pura.lightning.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import xyz.pura.lightning.BackendKind;
import xyz.pura.lightning.Invoice;
import xyz.pura.lightning.InvoiceStatus;
import xyz.pura.lightning.LightningBackend;
import xyz.pura.lightning.LightningConfig;
import xyz.pura.lightning.LightningException;
import xyz.pura.lightning.LightningException.Kind;

/**
 * LND over its REST API: {@code POST /v1/invoices} (AddInvoice) and
 * {@code GET /v1/invoice/{r_hash_str}} (LookupInvoice, hash in hex), authenticated by the
 * {@code Grpc-Metadata-macaroon} header. LND's REST gateway writes int64 fields as decimal
 * strings and bytes fields as base64.
 */
public final class LndBackend implements LightningBackend {
    static final String MACAROON_HEADER = "Grpc-Metadata-macaroon";

    private final LightningConfig.Lnd config;
    private final Clock clock;
    private final HttpUrl base;
    private final NodeHttp http;

    /** Builds the client; with a TLS cert path it trusts exactly that certificate. */
    public LndBackend(LightningConfig.Lnd config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.base = HttpUrl.get(config.url());
        OkHttpClient.Builder builder = NodeHttp.clientBuilder(config.timeout());
        if (config.tlsCertPath() != null) {
            try {
                PinnedCertificate pinned = PinnedCertificate.fromPem(config.tlsCertPath());
                builder.sslSocketFactory(pinned.socketFactory(), pinned);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("PURA_LND_TLS_CERT_PATH " + config.tlsCertPath() + " is not a PEM certificate", e);
            }
        }
        this.http = new NodeHttp(builder.build(), "lnd", config.macaroonHex());
    }

    @Override
    public BackendKind kind() {
        return BackendKind.LND;
    }

    @Override
    public Invoice createInvoice(long amountSat, String description, Duration expiry) {
        long expirySeconds = InvoiceArgs.validate(amountSat, description, expiry);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", Long.toString(amountSat));
        body.put("memo", description);
        body.put("expiry", Long.toString(expirySeconds));
        Request request = authorized(base.newBuilder().addPathSegments("v1/invoices").build())
                .post(NodeHttp.jsonBody(body)).build();
        JsonNode response = http.call(request, "create invoice");
        String rHash = http.requiredText(response, "r_hash", "create invoice");
        String paymentRequest = http.requiredText(response, "payment_request", "create invoice");
        return IssuedInvoice.verify("lnd", paymentRequest, hexOfBase64(rHash), amountSat, description);
    }

    @Override
    public InvoiceStatus status(String paymentHash) {
        String hash = InvoiceArgs.hash(paymentHash);
        Request request = authorized(base.newBuilder().addPathSegments("v1/invoice").addPathSegment(hash).build())
                .get().build();
        JsonNode invoice = http.call(request, "look up invoice");
        String state = invoice.path("state").asText(invoice.path("settled").asBoolean(false) ? "SETTLED" : "OPEN");
        return switch (state) {
            case "SETTLED" -> {
                long settleDate = IssuedInvoice.longField(invoice, "settle_date");
                yield InvoiceStatus.settled(hash, settleDate > 0 ? IssuedInvoice.epoch(settleDate) : clock.instant());
            }
            case "CANCELED" -> InvoiceStatus.expired(hash);
            case "ACCEPTED" -> InvoiceStatus.pending(hash);
            case "OPEN" -> openStatus(hash, invoice);
            default -> throw new LightningException(Kind.BAD_RESPONSE, "lnd reported unknown invoice state " + state);
        };
    }

    /** An OPEN invoice past creation_date + expiry is expired (LND cancels it shortly after). */
    private InvoiceStatus openStatus(String hash, JsonNode invoice) {
        long created = IssuedInvoice.longField(invoice, "creation_date");
        long expiry = IssuedInvoice.longField(invoice, "expiry");
        if (created > 0 && expiry > 0) {
            Instant expiresAt = IssuedInvoice.epoch(created).plusSeconds(expiry);
            if (!clock.instant().isBefore(expiresAt)) {
                return InvoiceStatus.expired(hash);
            }
        }
        return InvoiceStatus.pending(hash);
    }

    private Request.Builder authorized(HttpUrl url) {
        return new Request.Builder().url(url).header(MACAROON_HEADER, config.macaroonHex());
    }

    /** r_hash is base64 (standard; URL-safe accepted too) of 32 bytes. */
    private static String hexOfBase64(String b64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(b64.replace('-', '+').replace('_', '/'));
            if (bytes.length != 32) {
                throw new LightningException(Kind.BAD_RESPONSE, "lnd r_hash is " + bytes.length + " bytes, not 32");
            }
            return HexFormat.of().formatHex(bytes);
        } catch (IllegalArgumentException e) {
            throw new LightningException(Kind.BAD_RESPONSE, "lnd r_hash is not base64", e);
        }
    }

    @Override
    public String toString() {
        return "LndBackend[" + config + "]";
    }
}
