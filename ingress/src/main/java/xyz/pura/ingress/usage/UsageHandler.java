package xyz.pura.ingress.usage;

import xyz.pura.ingress.Labels;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import xyz.pura.events.Json;
import xyz.pura.events.KeyUsage;
import xyz.pura.events.LedgerReads;
import xyz.pura.events.Usd;
import xyz.pura.events.refusal.Refused;
import xyz.pura.gateway.admission.Budgets;
import xyz.pura.gateway.keys.ApiKey;
import xyz.pura.gateway.keys.KeyTable;

/**
 * The usage page ({@code GET /usage}, one self-contained HTML file) and its API: {@code GET /api/usage?days=30} (a
 * key's own days, models, totals, today's budget and wallet; the admin token with {@code ?key=}) and
 * {@code GET /api/usage/keys?days=30} (admin: every key of the key table with its spend over the days and today).
 * The admin list asks the ledger for each key of this ingress's key table (every key, from {@code pura.keys}), each
 * read routed to the ledger instance that owns the key, {@value #PARALLEL_READS} at a time.
 */
public final class UsageHandler {
    static final int PARALLEL_READS = 16;
    private static final byte[] PAGE = page();

    private final UsageScope scope;
    private final KeyTable keys;
    private final LedgerReads ledger;
    private final Budgets budgets;
    private final Clock clock;

    public UsageHandler(xyz.pura.ingress.Authenticator auth, xyz.pura.ingress.AdminAuth admin, KeyTable keys,
                        LedgerReads ledger, Budgets budgets, Clock clock) {
        this.scope = new UsageScope(auth, admin, keys);
        this.keys = keys;
        this.ledger = ledger;
        this.budgets = budgets;
        this.clock = clock;
    }

    UsageScope scope() {
        return scope;
    }

    /** The page holds a credential: it may talk only to this origin, load nothing, and not be framed. */
    static final String CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
            + "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public void page(Context ctx) {
        ctx.header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", CSP).header("X-Content-Type-Options", "nosniff")
                .contentType("text/html; charset=utf-8").result(PAGE);
    }

    public void usage(Context ctx) {
        ApiKey key = scope.keyOf(ctx);
        UsageRange range = UsageRange.lastDays(ctx, clock);
        ObjectNode out = UsageJson.of(ledger.usage(key.keyId(), range.from(), range.to()), range);
        out.put("label", Labels.shown(key.label())).put("prefix", key.prefix()).put("revoked", key.revoked());
        budget(out.putObject("budget"), key);
        UsageJson.wallet(out, ledger.balance(key.keyId()));
        ctx.contentType("application/json").result(Json.bytes(out));
    }

    public void keys(Context ctx) {
        scope.requireAdmin(ctx);
        UsageRange range = UsageRange.lastDays(ctx, clock);
        List<ApiKey> all = keys.all().stream().sorted(Comparator.comparing(ApiKey::keyId)).toList();
        List<KeyUsage> usages = readAll(all, range);
        ObjectNode out = Json.mapper().createObjectNode().put("object", "list")
                .put("from", range.from().toString()).put("to", range.to().toString()).put("days", range.days());
        ArrayNode data = out.putArray("data");
        for (int i = 0; i < all.size(); i++) {
            ApiKey k = all.get(i);
            long cost = 0;
            long requests = 0;
            for (KeyUsage.Day d : usages.get(i).days()) {
                cost = Math.addExact(cost, d.costNanoUsd());
                requests = Math.addExact(requests, d.requests());
            }
            ObjectNode row = data.addObject().put("keyId", k.keyId()).put("prefix", k.prefix())
                    .put("label", Labels.shown(k.label()))
                    .put("revoked", k.revoked()).put("spendUsd", UsageJson.usd(cost)).put("requests", requests);
            budget(row, k);
        }
        ctx.contentType("application/json").result(Json.bytes(out));
    }

    private List<KeyUsage> readAll(List<ApiKey> all, UsageRange range) {
        Semaphore permits = new Semaphore(PARALLEL_READS);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<KeyUsage>> reads = new ArrayList<>(all.size());
            for (ApiKey k : all) {
                reads.add(pool.submit(() -> {
                    permits.acquire();
                    try {
                        return ledger.usage(k.keyId(), range.from(), range.to());
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<KeyUsage> out = new ArrayList<>(all.size());
            for (Future<KeyUsage> f : reads) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Refused refused) {
                throw refused;
            }
            throw new IllegalStateException("a usage read failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading usage", e);
        }
    }

    private void budget(ObjectNode out, ApiKey key) {
        out.put("dailyBudgetUsd", Usd.ofNanos(key.dailyBudgetNanoUsd()).toString())
                .put("spentTodayUsd", budgets.spentToday(key).toString())
                .put("remainingTodayUsd", budgets.remaining(key).toString())
                .put("reservedInFlightUsd", Usd.ofNanos(budgets.reservedNanoUsd(key.keyId())).toString())
                .put("resetsAt", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1)
                        .atStartOfDay(ZoneOffset.UTC).toInstant().toString());
    }

    private static byte[] page() {
        try (InputStream in = UsageHandler.class.getResourceAsStream("/xyz/pura/ingress/usage/usage.html")) {
            if (in == null) {
                throw new IllegalStateException("usage.html is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
