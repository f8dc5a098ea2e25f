package xyz.pura.ingress.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import xyz.pura.events.Json;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.LedgerReads;
import xyz.pura.ingress.AdminAuth;
import xyz.pura.lightning.wallet.InvoiceBook;
import xyz.pura.lightning.wallet.WalletService;
import xyz.pura.events.Usd;
import xyz.pura.events.WalletBalance;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;
import xyz.pura.ingress.Authenticator;
import xyz.pura.gateway.admission.Budgets;
import xyz.pura.gateway.admission.RateLimiter;
import xyz.pura.gateway.keys.ApiKey;

/**
 * The wallet API, for the caller's own key only: {@code POST /api/wallet/fund}, {@code GET
 * /api/wallet/status}, {@code GET /api/wallet/balance}; the hosted invoice page {@code GET
 * /api/wallet/invoices/{id}} with its public status; and {@code POST /api/admin/wallet/settle}.
 * Another key's invoice answers 404, as an unknown one does.
 */
public final class WalletHandler {
    private static final String PAGE = template();

    private final Authenticator auth;
    private final WalletService wallet;
    private final LedgerReads ledger;
    private final AdminAuth admin;
    private final RateLimiter fundPerKey;
    private final int maxPendingPerKey;

    private final Budgets budgets;

    public WalletHandler(Authenticator auth, WalletService wallet, LedgerReads ledger, AdminAuth admin) {
        this(auth, wallet, ledger, admin, new RateLimiter(0, "invoices per key", java.time.Clock.systemUTC()), Integer.MAX_VALUE,
                null);
    }

    /**
     * @param fundPerKey limits {@code POST /api/wallet/fund} per key ({@code PURA_FUND_PER_MINUTE_PER_KEY})
     * @param maxPendingPerKey the most unpaid, unexpired invoices a key may hold ({@code PURA_MAX_PENDING_INVOICES_PER_KEY})
     */
    public WalletHandler(Authenticator auth, WalletService wallet, LedgerReads ledger, AdminAuth admin,
                         RateLimiter fundPerKey, int maxPendingPerKey, Budgets budgets) {
        this.budgets = budgets;
        this.auth = auth;
        this.wallet = wallet;
        this.ledger = ledger;
        this.admin = admin;
        this.fundPerKey = fundPerKey;
        this.maxPendingPerKey = maxPendingPerKey;
    }

    public void fund(Context ctx) {
        ApiKey key = auth.authenticate(ctx);
        long amount = amount(ctx.bodyAsBytes());
        fundPerKey.acquire(key.keyId());
        if (wallet.book().pendingOf(key.keyId(), java.time.Instant.now()) >= maxPendingPerKey) {
            throw new Refused(new Refusal.RateLimited("too_many_pending_invoices", "This key already holds "
                    + maxPendingPerKey + " unpaid invoices (PURA_MAX_PENDING_INVOICES_PER_KEY): pay one of them, or wait "
                    + "until they expire (1 hour after they were issued).", Refusal.retryAfter(60)));
        }
        InvoiceBook.Entry invoice = wallet.create(key.keyId(), amount);
        ctx.status(201).contentType("application/json").result(Json.bytes(WalletService.funding(invoice, baseUrl(ctx))));
    }

    public void status(Context ctx) {
        ApiKey key = auth.authenticate(ctx);
        String id = ctx.queryParam("invoiceId");
        if (id == null || id.isBlank()) {
            throw new Refused(new Refusal.Invalid(null, "Missing query parameter 'invoiceId'.", "invoiceId"));
        }
        InvoiceBook.Entry e = wallet.book().findFor(key.keyId(), id).orElseThrow(() -> notFound(id));
        ObjectNode out = Json.mapper().createObjectNode().put("invoiceId", e.invoiceId()).put("status", e.state())
                .put("amount", e.amountSat()).put("expiresAt", e.expiresAt().toString());
        if (e.settledAt() != null) {
            out.put("settledAt", e.settledAt().toString());
        }
        ctx.contentType("application/json").result(Json.bytes(out));
    }

    public void balance(Context ctx) {
        ApiKey key = auth.authenticate(ctx);
        WalletBalance b = ledger.balance(key.keyId());
        ObjectNode out = Json.mapper().createObjectNode();
        if (budgets == null) {
            out.put("balanceSats", b.balanceSats()).put("balanceMsat", b.balanceMsat())
                    .put("freeRequestsUsed", b.freeRequestsUsed()).put("freeRequestsLimit", b.freeRequestsLimit())
                    .put("freeRequestsLeft", b.freeRequestsLeft()).put("funded", b.funded());
        } else {
            // what admission spends from at this instant: the ledger's booked figures plus this instance's settlements
            // and debits it has not booked yet (the same numbers the next request is admitted against)
            Budgets.WalletState w = budgets.wallet(key);
            long used = Math.max(w.billedRequests(), b.freeRequestsUsed());
            long balance = w.balanceMsat();
            out.put("balanceSats", Math.floorDiv(balance, 1000)).put("balanceMsat", balance)
                    .put("reservedMsat", w.reservedMsat()).put("bookedBalanceMsat", b.balanceMsat())
                    .put("freeRequestsUsed", used).put("freeRequestsLimit", w.freeRequests())
                    .put("freeRequestsLeft", Math.max(0, w.freeRequests() - used)).put("funded", b.funded() || balance > 0);
        }
        ArrayNode entries = out.putArray("recentEntries");
        for (LedgerEntry e : ledger.recentEntries(key.keyId(), 10)) {
            entries.addObject().put("id", e.eventId()).put("kind", e.kind()).put("sourceId", e.sourceId())
                    .put("amountUsd", Usd.ofNanos(e.amountNanoUsd()).toString()).put("amountMsat", e.amountMsat())
                    .put("balanceAfterMsat", e.balanceAfterMsat()).put("occurredAt", e.occurredAt().toString());
        }
        ctx.contentType("application/json").result(Json.bytes(out));
    }

    /** The hosted invoice page (a capability URL: its id is the 256-bit payment hash). */
    public void page(Context ctx) {
        String id = ctx.pathParam("invoiceId");
        InvoiceBook.Entry e = wallet.book().find(id).orElseThrow(() -> notFound(id));
        String lightning = "lightning:" + e.paymentRequest();
        String html = PAGE.replace("{{amount}}", Long.toString(e.amountSat())).replace("{{state}}", e.state())
                .replace("{{expiresAt}}", e.expiresAt().toString()).replace("{{bolt11}}", e.paymentRequest())
                .replace("{{lightningUrl}}", lightning).replace("{{qr}}", QrSvg.of(lightning))
                .replace("{{publicStatusUrl}}", "/api/wallet/invoices/" + e.invoiceId() + "/status");
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    /** The invoice page's live status: the state only. */
    public void publicStatus(Context ctx) {
        String id = ctx.pathParam("invoiceId");
        InvoiceBook.Entry e = wallet.book().find(id).orElseThrow(() -> notFound(id));
        ctx.contentType("application/json").result(Json.bytes(Json.mapper().createObjectNode().put("status", e.state())));
    }

    public void adminSettle(Context ctx) {
        admin.require(ctx);
        JsonNode body = json(ctx.bodyAsBytes());
        JsonNode id = body.get("invoiceId");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw new Refused(new Refusal.Invalid(null, "Missing 'invoiceId'.", "invoiceId"));
        }
        InvoiceBook.Entry e = wallet.settleByAdmin(id.asText());
        ctx.contentType("application/json").result(Json.bytes(Json.mapper().createObjectNode()
                .put("invoiceId", e.invoiceId()).put("status", e.state())));
    }

    private static long amount(byte[] body) {
        JsonNode node = json(body).get("amount");
        if (node == null || node.isNull()) {
            return WalletService.DEFAULT_FUND_SAT;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()
                || node.longValue() < WalletService.MIN_FUND_SAT || node.longValue() > WalletService.MAX_FUND_SAT) {
            throw new Refused(new Refusal.Invalid("invalid_amount", "'amount' must be a whole number of sats "
                    + "between " + WalletService.MIN_FUND_SAT + " and " + WalletService.MAX_FUND_SAT + ".", "amount"));
        }
        return node.longValue();
    }

    private static JsonNode json(byte[] body) {
        if (body.length == 0) {
            return Json.mapper().createObjectNode();
        }
        try {
            JsonNode node = Json.mapper().readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // answered below
        }
        throw Refused.invalid("The request body must be a JSON object.", null);
    }

    private static Refused notFound(String id) {
        return new Refused(new Refusal.NotFound("invoice_not_found", "No invoice '" + id + "' for this key."));
    }

    public static String baseUrl(Context ctx) {
        String host = ctx.header("Host");
        return ctx.scheme() + "://" + (host != null ? host : ctx.host());
    }

    private static String template() {
        try (InputStream in = WalletHandler.class.getResourceAsStream("invoice.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
