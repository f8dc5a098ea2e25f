package xyz.pura.lightning.wallet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import xyz.pura.events.Topics;
import xyz.pura.events.WalletEvent;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;
import xyz.pura.journal.EventPublisher;
import xyz.pura.lightning.Invoice;
import xyz.pura.lightning.InvoiceStatus;
import xyz.pura.lightning.LightningBackend;
import xyz.pura.lightning.LightningException;

/**
 * Issues funding invoices, settles dev invoices on an admin's word, and turns what the Lightning backend
 * says into wallet events. Every settlement is published as {@code <invoiceId>:settled}: publishing it
 * twice (a second poll, a second admin call, a restart) is harmless, and the ledger credits an invoice once.
 */
public final class WalletService {
    public static final long MIN_FUND_SAT = 100;
    public static final long MAX_FUND_SAT = 1_000_000;
    public static final long DEFAULT_FUND_SAT = 10_000;
    private static final Duration EXPIRY = Duration.ofHours(1);

    private final LightningBackend backend;
    private final InvoiceBook book;
    private final EventPublisher events;
    private final Clock clock;
    private final Credits budgets;

    public WalletService(LightningBackend backend, InvoiceBook book, EventPublisher events, Clock clock) {
        this(backend, book, events, clock, null);
    }

    /** @param budgets admission, credited at once with the settlements this instance learns of (null: none) */
    public WalletService(LightningBackend backend, InvoiceBook book, EventPublisher events, Clock clock, Credits budgets) {
        this.backend = backend;
        this.book = book;
        this.events = events;
        this.clock = clock;
        this.budgets = budgets;
    }

    public InvoiceBook book() {
        return book;
    }

    /** A new invoice for the key, published (and acknowledged) before it is shown to anyone. */
    public InvoiceBook.Entry create(String keyId, long amountSat) {
        Invoice invoice;
        try {
            invoice = backend.createInvoice(amountSat, "Pura gateway balance " + keyId, EXPIRY);
        } catch (LightningException e) {
            throw new Refused(new Refusal.Unavailable("settlement_unavailable",
                    "The Lightning backend cannot issue an invoice right now: " + e.getMessage()));
        }
        WalletEvent.InvoiceCreated created = WalletEvent.InvoiceCreated.of(clock.instant(), invoice.invoiceId(), keyId,
                invoice.amountSat(), invoice.paymentRequest(), invoice.expiresAt(), backend.kind().envName());
        if (!events.publishAcknowledged(Topics.WALLET, keyId, created, 10_000)) {
            throw new Refused(new Refusal.Unavailable("event_log_unavailable",
                    "The invoice could not be recorded; it was not issued. Try again shortly."));
        }
        book.apply(created);
        return book.find(invoice.invoiceId()).orElseThrow();
    }

    /** The key's pending invoice to offer with a 402, or a new one of the default amount. */
    public InvoiceBook.Entry fundingFor(String keyId) {
        return book.reusable(keyId, clock.instant()).orElseGet(() -> create(keyId, DEFAULT_FUND_SAT));
    }

    /** Settles a dev invoice (how invoices settle without a Lightning node). */
    public InvoiceBook.Entry settleByAdmin(String invoiceId) {
        InvoiceBook.Entry entry = book.find(invoiceId).orElseThrow(() ->
                new Refused(new Refusal.NotFound("invoice_not_found", "No invoice '" + invoiceId + "'.")));
        var settler = backend.manualSettler().orElseThrow(() -> new Refused(new Refusal.Conflict(
                "settlement_not_manual", "The " + backend.kind().envName() + " backend settles invoices itself.")));
        InvoiceStatus status;
        try {
            status = settler.settle(invoiceId);
        } catch (LightningException e) {
            throw new Refused(e.kind() == LightningException.Kind.EXPIRED
                    ? new Refusal.Conflict("invoice_not_settleable", e.getMessage())
                    : new Refusal.Invalid("invoice_not_settleable", e.getMessage()));
        }
        record(entry, status);
        return book.find(invoiceId).orElseThrow();
    }

    /** Asks the backend about every pending invoice once; settlements and expiries become events. */
    public void poll() {
        for (InvoiceBook.Entry entry : book.pending()) {
            try {
                InvoiceStatus status = backend.status(entry.invoiceId());
                if (status.state() == xyz.pura.lightning.InvoiceState.PENDING && clock.instant().isAfter(entry.expiresAt())) {
                    status = InvoiceStatus.expired(entry.invoiceId());
                }
                record(entry, status);
            } catch (LightningException e) {
                if (clock.instant().isAfter(entry.expiresAt())) {
                    record(entry, InvoiceStatus.expired(entry.invoiceId()));
                }
            }
        }
    }

    private void record(InvoiceBook.Entry entry, InvoiceStatus status) {
        Instant now = clock.instant();
        WalletEvent event = switch (status.state()) {
            case SETTLED -> WalletEvent.InvoiceSettled.of(now, entry.invoiceId(), entry.keyId(), entry.amountSat() * 1000,
                    status.settledAt());
            case EXPIRED -> WalletEvent.InvoiceExpired.of(now, entry.invoiceId(), entry.keyId());
            default -> null;
        };
        if (event == null) {
            return;
        }
        // a settlement is spendable here before anyone is told it is settled: admission is credited first (the
        // ledger cannot have booked a settlement not yet published, so the credit is never counted twice), and
        // the invoice's status says settled only after that
        boolean credited = event instanceof WalletEvent.InvoiceSettled s && budgets != null
                && book.find(entry.invoiceId()).map(e -> "pending".equals(e.state())).orElse(false)
                && budgets.credit(entry.keyId(), entry.invoiceId(), s.amountMsat());
        if (events.publishAcknowledged(Topics.WALLET, entry.keyId(), event, 10_000)) {
            book.apply(event);
        } else if (credited) {
            budgets.uncredit(entry.keyId(), entry.invoiceId());
        }
    }

    /** The funding object of a 402 and of POST /api/wallet/fund. */
    public static Map<String, Object> funding(InvoiceBook.Entry e, String baseUrl) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("invoiceId", e.invoiceId());
        f.put("paymentRequest", e.paymentRequest());
        f.put("amount", e.amountSat());
        f.put("expiresAt", e.expiresAt().toString());
        f.put("invoiceUrl", baseUrl + "/api/wallet/invoices/" + e.invoiceId());
        f.put("statusUrl", baseUrl + "/api/wallet/status?invoiceId=" + e.invoiceId());
        f.put("lightningUrl", "lightning:" + e.paymentRequest());
        return f;
    }
}
