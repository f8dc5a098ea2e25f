package xyz.pura.lightning.internal;

import xyz.pura.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.pura.lightning.Invoice;
import xyz.pura.lightning.InvoiceState;
import xyz.pura.lightning.InvoiceStatus;
import xyz.pura.lightning.LightningException;

class DevBackendTest {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00.750Z");

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(T0);

    @Test
    void shouldIssueAnInvoiceThatDecodesToWhatWasAskedFor() {
        DevBackend dev = DevBackend.open(dir, clock);

        Invoice invoice = dev.createInvoice(10_000, "Pura wallet funding", Duration.ofMinutes(15));
        DecodedBolt11 d = Bolt11Decoder.decode(invoice.paymentRequest());

        assertThat(invoice.paymentRequest()).startsWith("lnbcrt100u1");
        assertThat(invoice.invoiceId()).isEqualTo(invoice.paymentHash()).isEqualTo(d.paymentHashHex());
        assertThat(invoice.amountMsat()).isEqualTo(10_000_000L).isEqualTo(d.amountMsat());
        assertThat(d.description()).contains("Pura wallet funding");
        assertThat(d.timestamp()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z")).isEqualTo(invoice.createdAt());
        assertThat(d.expiresAt()).isEqualTo(invoice.expiresAt()).isEqualTo(invoice.createdAt().plusSeconds(900));
        assertThat(d.payeeNodeKeyHex()).isEqualTo(dev.nodePublicKeyHex());
        assertThat(d.field(TaggedField.PAYMENT_SECRET)).isPresent();
        assertThat(d.field(TaggedField.MIN_FINAL_CLTV).orElseThrow().intValue()).isEqualTo(DevBackend.MIN_FINAL_CLTV);
        assertThat(dev.settlesOnItsOwn()).isFalse();
        assertThat(dev.status(invoice)).isEqualTo(InvoiceStatus.pending(invoice.paymentHash()));
    }

    @Test
    void shouldKeepTheNodeKeyOwnerOnlyAndReuseItAfterARestart() throws Exception {
        String first = DevBackend.open(dir, clock).nodePublicKeyHex();
        Path keyFile = dir.resolve("dev-node.key");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(DevBackend.open(dir, clock).nodePublicKeyHex()).isEqualTo(first);
    }

    @Test
    void shouldRememberInvoicesAndSettlementsAcrossARestart() {
        DevBackend before = DevBackend.open(dir, clock);
        Invoice settled = before.createInvoice(500, "a", Duration.ofHours(1));
        Invoice pending = before.createInvoice(700, "b", Duration.ofHours(1));
        InvoiceStatus settledStatus = before.settle(settled.invoiceId());

        DevBackend after = DevBackend.open(dir, clock);

        assertThat(after.status(settled.paymentHash())).isEqualTo(settledStatus);
        assertThat(after.status(pending.paymentHash()).state()).isEqualTo(InvoiceState.PENDING);
        assertThat(after.settle(pending.invoiceId()).state()).isEqualTo(InvoiceState.SETTLED);
    }

    @Test
    void shouldTreatSettlingTwiceAsHarmless() throws Exception {
        DevBackend dev = DevBackend.open(dir, clock);
        Invoice invoice = dev.createInvoice(1_000, "x", Duration.ofHours(1));

        InvoiceStatus first = dev.settle(invoice.invoiceId());
        clock.advance(Duration.ofMinutes(1));
        InvoiceStatus second = dev.settle(invoice.invoiceId());

        assertThat(second).isEqualTo(first);
        assertThat(first.settledAt()).isEqualTo(T0);
        assertThat(Files.readAllLines(dir.resolve("dev-invoices.jsonl"))).filteredOn(l -> l.contains("\"settled\"")).hasSize(1);
    }

    @Test
    void shouldRefuseToSettleAnExpiredInvoice() {
        DevBackend dev = DevBackend.open(dir, clock);
        Invoice invoice = dev.createInvoice(1_000, "x", Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(61));

        assertThat(dev.status(invoice.paymentHash()).state()).isEqualTo(InvoiceState.EXPIRED);
        assertThatThrownBy(() -> dev.settle(invoice.invoiceId())).isInstanceOfSatisfying(LightningException.class,
                e -> assertThat(e.kind()).isEqualTo(LightningException.Kind.EXPIRED));
        assertThat(dev.status(invoice.paymentHash()).state()).isEqualTo(InvoiceState.EXPIRED);
    }

    @Test
    void shouldReportUnknownInvoicesAsNotFoundAndBadArgumentsAsInvalid() {
        DevBackend dev = DevBackend.open(dir, clock);

        assertThatThrownBy(() -> dev.settle("ab".repeat(32))).isInstanceOfSatisfying(LightningException.class,
                e -> assertThat(e.kind()).isEqualTo(LightningException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> dev.status("not-a-hash")).isInstanceOfSatisfying(LightningException.class,
                e -> assertThat(e.kind()).isEqualTo(LightningException.Kind.INVALID_REQUEST));
        assertThatThrownBy(() -> dev.createInvoice(0, "x", Duration.ofMinutes(1))).isInstanceOfSatisfying(
                LightningException.class, e -> assertThat(e.kind()).isEqualTo(LightningException.Kind.INVALID_REQUEST));
        assertThatThrownBy(() -> dev.createInvoice(1, "x".repeat(640), Duration.ofMinutes(1))).isInstanceOf(LightningException.class);
        assertThatThrownBy(() -> dev.createInvoice(1, "x", Duration.ZERO)).isInstanceOf(LightningException.class);
    }

    @Test
    void shouldDropALineCutShortByACrashAndKeepWorking() throws Exception {
        DevBackend dev = DevBackend.open(dir, clock);
        Invoice invoice = dev.createInvoice(1_000, "x", Duration.ofHours(1));
        Files.writeString(dir.resolve("dev-invoices.jsonl"), "{\"event\":\"settled\",\"paymentHa", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        DevBackend restarted = DevBackend.open(dir, clock);

        assertThat(restarted.status(invoice.paymentHash()).state()).isEqualTo(InvoiceState.PENDING);
        restarted.settle(invoice.invoiceId());
        assertThat(DevBackend.open(dir, clock).status(invoice.paymentHash()).state()).isEqualTo(InvoiceState.SETTLED);
    }
}
