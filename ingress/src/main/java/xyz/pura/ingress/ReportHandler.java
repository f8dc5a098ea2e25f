package xyz.pura.ingress;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import xyz.pura.events.Json;
import xyz.pura.events.KeyReport;
import xyz.pura.events.LedgerReads;
import xyz.pura.events.Usd;
import xyz.pura.gateway.admission.Budgets;
import xyz.pura.gateway.keys.ApiKey;

/** {@code GET /api/report}: the caller's own 24 h breakdown, from the ledger's state, in USD decimal strings. */
public final class ReportHandler {
    private final Authenticator auth;
    private final LedgerReads reports;
    private final Budgets budgets;
    private final Clock clock;

    public ReportHandler(Authenticator auth, LedgerReads reports, Budgets budgets, Clock clock) {
        this.auth = auth;
        this.reports = reports;
        this.budgets = budgets;
        this.clock = clock;
    }

    public void get(Context ctx) {
        ApiKey key = auth.authenticate(ctx);
        KeyReport report = reports.report(key.keyId(), clock.instant());
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("object", "report");
        out.put("keyId", key.keyId());
        out.put("period", "24h");
        out.put("windowStart", report.windowStart().toString());
        out.put("windowEnd", report.windowEnd().toString());
        out.put("totalSpendUsd", Usd.ofNanos(report.totalSpendNanoUsd()).toString());
        out.put("requestCount", report.requestCount());
        out.put("averageCostUsd", Usd.ofNanos(report.averageCostNanoUsd()).toString());
        ArrayNode models = out.putArray("models");
        for (KeyReport.ModelUsage m : report.models()) {
            ObjectNode model = models.addObject().put("model", m.model())
                    .put("costUsd", Usd.ofNanos(m.costNanoUsd()).toString()).put("requests", m.requests());
            KeyReport.Tokens t = m.tokens();
            model.putObject("tokens").put("input", t.input()).put("cacheRead", t.cacheRead())
                    .put("cacheWrite5m", t.cacheWrite5m()).put("cacheWrite1h", t.cacheWrite1h())
                    .put("output", t.output()).put("reasoning", t.reasoning());
            model.put("estimatedRequests", m.estimatedRequests());
        }
        ArrayNode endpoints = out.putArray("endpoints");
        for (KeyReport.EndpointUsage e : report.endpoints()) {
            endpoints.addObject().put("endpoint", e.endpoint()).put("costUsd", Usd.ofNanos(e.costNanoUsd()).toString())
                    .put("requests", e.requests());
        }
        ObjectNode budget = out.putObject("budget");
        budget.put("dailyBudgetUsd", Usd.ofNanos(key.dailyBudgetNanoUsd()).toString());
        Usd remaining = budgets.remaining(key);
        budget.put("spentTodayUsd", budgets.spentToday(key).toString());
        budget.put("remainingTodayUsd", remaining.toString());
        budget.put("reservedInFlightUsd", Usd.ofNanos(budgets.reservedNanoUsd(key.keyId())).toString());
        budget.put("resetsAt", java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).plusDays(1)
                .atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toString());
        ctx.contentType("application/json").result(Json.bytes(out));
    }
}
