package xyz.pura.lightning.internal;

import xyz.pura.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.pura.events.Json;
import xyz.pura.lightning.Invoice;
import xyz.pura.lightning.InvoiceState;
import xyz.pura.lightning.InvoiceStatus;
import xyz.pura.lightning.LightningConfig;
import xyz.pura.lightning.LightningException;
import xyz.pura.lightning.LightningException.Kind;

/** LND REST (AddInvoice, LookupInvoice) against its documented request and response shapes. */
class LndBackendTest {
    static final String MACAROON = "0201036c6e6402f801030a10b3bf6906c1937139ac0684ac4417d4e41201301a160a0761646472657373";
    static final String HASH = "08e7e5aedb40387b05a3d30856717ac1941ebeacf120584b1b82796568091097";

    final MutableClock clock = new MutableClock(Instant.parse("2025-11-25T10:05:00Z"));
    MockWebServer server;
    LndBackend lnd;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        lnd = new LndBackend(new LightningConfig.Lnd(URI.create(server.url("/").toString()), MACAROON, null,
                Duration.ofSeconds(5)), clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldCreateAnInvoiceWithTheMacaroonAndTheDocumentedBody() throws Exception {
        server.enqueue(Fixtures.json(200, "lnd/add-invoice.json"));

        Invoice invoice = lnd.createInvoice(10_000, "Pura wallet funding", Duration.ofHours(1));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/v1/invoices");
        assertThat(request.getHeaders().get("Grpc-Metadata-macaroon")).isEqualTo(MACAROON);
        JsonNode body = Json.mapper().readTree(request.getBody().utf8());
        assertThat(body.get("value").asText()).isEqualTo("10000");
        assertThat(body.get("memo").asText()).isEqualTo("Pura wallet funding");
        assertThat(body.get("expiry").asText()).isEqualTo("3600");
        assertThat(invoice.paymentHash()).isEqualTo(HASH).isEqualTo(invoice.invoiceId());
        assertThat(invoice.paymentRequest()).startsWith("lnbcrt100u1");
        assertThat(invoice.amountMsat()).isEqualTo(10_000_000L);
        assertThat(invoice.createdAt()).isEqualTo(Instant.ofEpochSecond(1764064800));
        assertThat(invoice.expiresAt()).isEqualTo(Instant.ofEpochSecond(1764064800 + 3600));
        assertThat(lnd.settlesOnItsOwn()).isTrue();
        assertThat(lnd.manualSettler()).isEmpty();
    }

    @Test
    void shouldLookUpByHexHashAndMapEveryState() throws Exception {
        server.enqueue(Fixtures.json(200, "lnd/lookup-open.json"));
        server.enqueue(Fixtures.json(200, "lnd/lookup-settled.json"));
        server.enqueue(Fixtures.json(200, "lnd/lookup-canceled.json"));

        InvoiceStatus open = lnd.status(HASH);
        InvoiceStatus settled = lnd.status(HASH);
        InvoiceStatus canceled = lnd.status(HASH);

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getTarget()).isEqualTo("/v1/invoice/" + HASH);
        assertThat(request.getHeaders().get("Grpc-Metadata-macaroon")).isEqualTo(MACAROON);
        assertThat(open).isEqualTo(InvoiceStatus.pending(HASH));
        assertThat(settled).isEqualTo(InvoiceStatus.settled(HASH, Instant.ofEpochSecond(1764065100)));
        assertThat(canceled).isEqualTo(InvoiceStatus.expired(HASH));
    }

    @Test
    void shouldReportAnOpenInvoicePastItsExpiryAsExpired() {
        server.enqueue(Fixtures.json(200, "lnd/lookup-open.json"));
        clock.advance(Duration.ofHours(1));

        assertThat(lnd.status(HASH).state()).isEqualTo(InvoiceState.EXPIRED);
    }

    @Test
    void shouldClassifyErrorsWithoutLeakingTheMacaroon() {
        server.enqueue(new MockResponse.Builder().code(500).body(
                "{\"code\":2,\"message\":\"bad macaroon " + MACAROON + "\",\"details\":[]}").build());
        server.enqueue(Fixtures.json(404, "lnd/error-not-found.json"));
        server.enqueue(Fixtures.json(500, "lnd/error-not-found.json"));

        assertThatThrownBy(() -> lnd.createInvoice(10_000, "x", Duration.ofHours(1)))
                .isInstanceOfSatisfying(LightningException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.BACKEND_REJECTED);
                    assertThat(e.getMessage()).contains("HTTP 500").contains("bad macaroon").doesNotContain(MACAROON);
                });
        assertThatThrownBy(() -> lnd.status(HASH)).isInstanceOfSatisfying(LightningException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> lnd.status(HASH)).isInstanceOfSatisfying(LightningException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void shouldRejectAnInvoiceThatDoesNotMatchWhatWasAskedFor() {
        server.enqueue(Fixtures.json(200, "lnd/add-invoice.json"));
        server.enqueue(new MockResponse.Builder().code(200).body("{\"r_hash\":\"AAAA\"}").build());
        server.enqueue(new MockResponse.Builder().code(200).body("not json").build());

        assertThatThrownBy(() -> lnd.createInvoice(9_999, "x", Duration.ofHours(1)))
                .isInstanceOfSatisfying(LightningException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
        assertThatThrownBy(() -> lnd.createInvoice(10_000, "x", Duration.ofHours(1)))
                .isInstanceOfSatisfying(LightningException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
        assertThatThrownBy(() -> lnd.createInvoice(10_000, "x", Duration.ofHours(1)))
                .isInstanceOfSatisfying(LightningException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
    }

    @Test
    void shouldNotCallTheNodeForInvalidArguments() {
        assertThatThrownBy(() -> lnd.createInvoice(-5, "x", Duration.ofHours(1))).isInstanceOfSatisfying(
                LightningException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST));
        assertThatThrownBy(() -> lnd.status("../v1/balance")).isInstanceOfSatisfying(
                LightningException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST));
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void shouldReportAnUnreachableNodeAsUnavailable() {
        server.close();

        assertThatThrownBy(() -> lnd.status(HASH)).isInstanceOfSatisfying(LightningException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).doesNotContain(MACAROON);
        });
    }

    @Test
    void shouldTrustExactlyTheNodesSelfSignedCertificate() throws Exception {
        HeldCertificate nodeCert = new HeldCertificate.Builder().addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("127.0.0.1").commonName("lnd autogenerated cert").build();
        HeldCertificate otherCert = new HeldCertificate.Builder().addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("127.0.0.1").build();
        Path certFile = Files.writeString(dir.resolve("tls.cert"), nodeCert.certificatePem());
        Path otherFile = Files.writeString(dir.resolve("other.cert"), otherCert.certificatePem());
        try (MockWebServer tls = new MockWebServer()) {
            tls.useHttps(new HandshakeCertificates.Builder().heldCertificate(nodeCert).build().sslSocketFactory());
            tls.start();
            tls.enqueue(Fixtures.json(200, "lnd/lookup-settled.json"));
            URI url = URI.create(tls.url("/").toString());

            LndBackend pinned = new LndBackend(new LightningConfig.Lnd(url, MACAROON, certFile, Duration.ofSeconds(5)), clock);
            LndBackend wrongPin = new LndBackend(new LightningConfig.Lnd(url, MACAROON, otherFile, Duration.ofSeconds(5)), clock);
            LndBackend defaultTrust = new LndBackend(new LightningConfig.Lnd(url, MACAROON, null, Duration.ofSeconds(5)), clock);

            assertThat(url.getScheme()).isEqualTo("https");
            assertThat(pinned.status(HASH).state()).isEqualTo(InvoiceState.SETTLED);
            assertThatThrownBy(() -> wrongPin.status(HASH)).isInstanceOfSatisfying(LightningException.class,
                    e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
            assertThatThrownBy(() -> defaultTrust.status(HASH)).isInstanceOfSatisfying(LightningException.class,
                    e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
            assertThat(tls.takeRequest().getHeaders().get("Grpc-Metadata-macaroon")).isEqualTo(MACAROON);
        }
    }
}
