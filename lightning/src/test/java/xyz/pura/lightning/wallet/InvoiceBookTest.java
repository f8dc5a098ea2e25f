package xyz.pura.lightning.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import xyz.pura.events.WalletEvent;

class InvoiceBookTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private static String id(int n) {
        return String.format("%064x", n);
    }

    @Test
    void shouldForgetFinishedInvoicesAfterTheRetentionAndKeepPendingOnes() {
        InvoiceBook book = new InvoiceBook(Clock.fixed(NOW, ZoneOffset.UTC));
        Instant old = NOW.minus(InvoiceBook.RETENTION).minusSeconds(7200);
        book.apply(WalletEvent.InvoiceCreated.of(old, id(1), "key_0123456789abcdef", 100, "lnbc1", old.plusSeconds(3600), "dev"));
        book.apply(WalletEvent.InvoiceSettled.of(old, id(1), "key_0123456789abcdef", 100_000, old));
        book.apply(WalletEvent.InvoiceCreated.of(old, id(2), "key_0123456789abcdef", 100, "lnbc2", old.plusSeconds(3600), "dev"));
        book.apply(WalletEvent.InvoiceCreated.of(NOW, id(3), "key_0123456789abcdef", 100, "lnbc3", NOW.plusSeconds(3600), "dev"));
        book.apply(WalletEvent.InvoiceSettled.of(NOW, id(3), "key_0123456789abcdef", 100_000, NOW));

        book.evict();

        assertThat(book.find(id(1))).as("settled long ago").isEmpty();
        assertThat(book.find(id(2))).as("still pending: the watcher must see it expire").isPresent();
        assertThat(book.find(id(3))).as("settled recently").isPresent();
        assertThat(book.pendingOf("key_0123456789abcdef", NOW)).as("pending and not expired").isZero();
    }
}
