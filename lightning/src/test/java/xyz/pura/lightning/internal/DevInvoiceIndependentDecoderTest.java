package xyz.pura.lightning.internal;

import xyz.pura.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.pura.events.Json;
import xyz.pura.lightning.Invoice;

/**
 * Done-when of issue 6: a {@code dev} invoice decodes with an independent BOLT11 decoder, the
 * npm package {@code bolt11} (root package.json; {@code npm ci} installs it), with a valid
 * signature by our node key, the right amount, payment hash, description, expiry and timestamp.
 */
class DevInvoiceIndependentDecoderTest {

    @TempDir
    Path dir;

    @Test
    void shouldDecodeADevInvoiceWithTheNpmBolt11Package() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        DevBackend dev = DevBackend.open(dir, clock);
        Invoice invoice = dev.createInvoice(10_000, "Pura wallet: fund 10000 sats ⚡", Duration.ofMinutes(15));

        JsonNode d = decodeWithNode(invoice.paymentRequest());

        assertThat(d.get("network").asText()).isEqualTo("bcrt");
        assertThat(d.get("prefix").asText()).isEqualTo("lnbcrt100u");
        assertThat(d.get("payeeNodeKey").asText()).isEqualTo(dev.nodePublicKeyHex());
        assertThat(d.get("signatureValid").asBoolean()).isTrue();
        assertThat(d.get("satoshis").asLong()).isEqualTo(10_000);
        assertThat(d.get("millisatoshis").asText()).isEqualTo("10000000");
        assertThat(d.get("paymentHash").asText()).isEqualTo(invoice.paymentHash());
        assertThat(d.get("description").asText()).isEqualTo(invoice.description());
        assertThat(d.get("expireTime").asLong()).isEqualTo(900);
        assertThat(d.get("timestamp").asLong()).isEqualTo(invoice.createdAt().getEpochSecond());
        assertThat(d.get("timeExpireDate").asLong()).isEqualTo(invoice.expiresAt().getEpochSecond());
        assertThat(d.get("minFinalCltvExpiry").asInt()).isEqualTo(DevBackend.MIN_FINAL_CLTV);
        assertThat(d.at("/featureBits/payment_secret/required").asBoolean()).isTrue();
        assertThat(d.at("/featureBits/var_onion_optin/required").asBoolean()).isTrue();
        assertThat(d.get("paymentSecret").asText()).hasSize(64);
    }

    @Test
    void shouldDecodeAnInvoiceForAnOddMillisatAmountToo() throws Exception {
        DevBackend dev = DevBackend.open(dir, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")));
        Invoice invoice = dev.createInvoice(1, "one sat", Duration.ofSeconds(3600));

        JsonNode d = decodeWithNode(invoice.paymentRequest());

        assertThat(d.get("prefix").asText()).isEqualTo("lnbcrt10n");
        assertThat(d.get("satoshis").asLong()).isEqualTo(1);
        assertThat(d.get("payeeNodeKey").asText()).isEqualTo(dev.nodePublicKeyHex());
        assertThat(d.get("signatureValid").asBoolean()).isTrue();
    }

    @Test
    void shouldFailWhenTheIndependentDecoderRejectsTheInvoice() {
        String valid = DevBackend.open(dir, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")))
                .createInvoice(100, "x", Duration.ofMinutes(5)).paymentRequest();
        String corrupted = valid.substring(0, valid.length() - 1) + (valid.endsWith("q") ? "p" : "q");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decodeWithNode(corrupted))
                .isInstanceOf(AssertionError.class).hasMessageContaining("bolt11 rejected");
    }

    static JsonNode decodeWithNode(String invoice) throws IOException, InterruptedException, URISyntaxException {
        Path modules = repoRoot().resolve("node_modules");
        if (!Files.isDirectory(modules.resolve("bolt11"))) {
            fail("the npm package bolt11 is missing under " + modules + ": run `npm ci` in " + repoRoot());
        }
        Path script = Path.of(DevInvoiceIndependentDecoderTest.class.getResource("/bolt11/decode.js").toURI());
        Process p;
        try {
            p = new ProcessBuilder("node", script.toString(), modules.toString(), invoice).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run `node` (Node.js must be on PATH for this test)", e);
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("node did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            fail("bolt11 rejected the invoice (exit " + p.exitValue() + "): " + new String(err, StandardCharsets.UTF_8));
        }
        return Json.mapper().readTree(out);
    }

    /** The nearest ancestor of the working directory that holds package.json (the repository root). */
    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("package.json"))) {
                return p;
            }
        }
        throw new AssertionError("no package.json above " + Path.of("").toAbsolutePath() + ": cannot find node_modules");
    }
}
