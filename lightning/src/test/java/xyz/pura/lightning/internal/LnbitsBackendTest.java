package xyz.pura.lightning.internal;

import xyz.pura.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.Json;
import xyz.pura.lightning.Invoice;
import xyz.pura.lightning.InvoiceState;
import xyz.pura.lightning.InvoiceStatus;
import xyz.pura.lightning.LightningConfig;
import xyz.pura.lightning.LightningException;
import xyz.pura.lightning.LightningException.Kind;

/** LNbits (create invoice, check payment) against its documented request and response shapes. */
class LnbitsBackendTest {
    static final String API_KEY = "b86dacdf0d8b449193230ff47093d5a1";
    static final String HASH = "c881d78c870c91733bb7d00636bf934530898a4f8c03add7c13a35e646e625d0";

    final MutableClock clock = new MutableClock(Instant.parse("2025-11-25T10:05:00Z"));
    MockWebServer server;
    LnbitsBackend lnbits;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        lnbits = new LnbitsBackend(new LightningConfig.Lnbits(URI.create(server.url("/").toString()), API_KEY,
                Duration.ofSeconds(5)), clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldCreateAnIncomingInvoiceWithTheInvoiceKey() throws Exception {
        server.enqueue(Fixtures.json(201, "lnbits/create-invoice.json"));

        Invoice invoice = lnbits.createInvoice(2_500, "Pura wallet funding", Duration.ofMinutes(15));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/api/v1/payments");
        assertThat(request.getHeaders().get("X-Api-Key")).isEqualTo(API_KEY);
        JsonNode body = Json.mapper().readTree(request.getBody().utf8());
        assertThat(body.get("out").asBoolean(true)).isFalse();
        assertThat(body.get("amount").asLong()).isEqualTo(2_500);
        assertThat(body.get("memo").asText()).isEqualTo("Pura wallet funding");
        assertThat(body.get("expiry").asLong()).isEqualTo(900);
        assertThat(invoice.paymentHash()).isEqualTo(HASH);
        assertThat(invoice.paymentRequest()).startsWith("lnbcrt25u1");
        assertThat(invoice.amountSat()).isEqualTo(2_500);
        assertThat(invoice.expiresAt()).isEqualTo(Instant.parse("2025-11-25T10:15:00Z"));
    }

    @Test
    void shouldAcceptTheOlderPaymentRequestField() {
        server.enqueue(Fixtures.json(201, "lnbits/create-invoice-legacy.json"));

        Invoice invoice = lnbits.createInvoice(2_500, "Pura wallet funding", Duration.ofMinutes(15));

        assertThat(invoice.paymentRequest()).startsWith("lnbcrt25u1");
    }

    @Test
    void shouldCheckPaymentByHash() throws Exception {
        server.enqueue(Fixtures.json(200, "lnbits/payment-pending.json"));
        server.enqueue(Fixtures.json(200, "lnbits/payment-paid.json"));

        InvoiceStatus pending = lnbits.status(HASH);
        InvoiceStatus paid = lnbits.status(HASH);

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getTarget()).isEqualTo("/api/v1/payments/" + HASH);
        assertThat(request.getHeaders().get("X-Api-Key")).isEqualTo(API_KEY);
        assertThat(pending).isEqualTo(InvoiceStatus.pending(HASH));
        assertThat(paid).isEqualTo(InvoiceStatus.settled(HASH, clock.instant()));
    }

    @Test
    void shouldReportAnUnpaidInvoicePastItsExpiryAsExpired() {
        server.enqueue(Fixtures.json(200, "lnbits/payment-pending.json"));
        clock.advance(Duration.ofMinutes(10));

        assertThat(lnbits.status(HASH).state()).isEqualTo(InvoiceState.EXPIRED);
    }

    @Test
    void shouldClassifyErrorsWithoutLeakingTheKey() {
        server.enqueue(new MockResponse.Builder().code(401).body("{\"detail\":\"Invalid key " + API_KEY + "\"}").build());
        server.enqueue(Fixtures.json(404, "lnbits/error-not-found.json"));
        server.enqueue(new MockResponse.Builder().code(200).body("{\"status\":\"pending\"}").build());

        assertThatThrownBy(() -> lnbits.createInvoice(2_500, "x", Duration.ofMinutes(15)))
                .isInstanceOfSatisfying(LightningException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.BACKEND_REJECTED);
                    assertThat(e.getMessage()).contains("HTTP 401").contains("Invalid key").doesNotContain(API_KEY);
                });
        assertThatThrownBy(() -> lnbits.status(HASH)).isInstanceOfSatisfying(LightningException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> lnbits.status(HASH)).isInstanceOfSatisfying(LightningException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
        assertThat(lnbits.toString()).doesNotContain(API_KEY);
    }
}
