package xyz.pura.ingress.usage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import xyz.pura.events.Json;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.Usd;
import xyz.pura.events.pricing.TokenUsage;

/**
 * One line per ledger entry, as CSV (RFC 4180: a header line, fields quoted when they hold a comma, a quote or a line
 * break) or JSON Lines (one object per line, the same names). Costs are both the decimal USD string (9 decimals) and
 * the nano-USD integer; sats are the entry's millisatoshis and the same in sats (3 decimals). The tokens are the
 * priced components a debit carries; a debit written before they were recorded gives the gateway's estimated input
 * and output with no components, as the report counts it.
 */
enum ExportFormat {
    CSV("text/csv; charset=utf-8", "csv"),
    JSONL("application/x-ndjson; charset=utf-8", "jsonl");

    static final List<String> COLUMNS = List.of("occurredAt", "utcDay", "keyId", "entryId", "kind", "sequence", "source",
            "sourceId", "endpoint", "provider", "model", "tier", "status", "usageSource", "rateCardVersion", "inputTokens",
            "cacheReadTokens", "cacheWrite5mTokens", "cacheWrite1hTokens", "outputTokens", "reasoningTokens", "costUsd",
            "costNanoUsd", "amountMsat", "sats", "msatPerUsd", "byok");

    final String contentType;
    final String extension;

    ExportFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    /** {@code csv} or {@code jsonl}, else null. */
    static ExportFormat named(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "csv" -> CSV;
            case "jsonl", "ndjson" -> JSONL;
            default -> null;
        };
    }

    /** What comes before the first entry: CSV's header line, nothing for JSON Lines. */
    byte[] header() {
        return this == CSV ? (String.join(",", COLUMNS) + "\r\n").getBytes(StandardCharsets.UTF_8) : new byte[0];
    }

    byte[] line(LedgerEntry e) {
        Object[] v = values(e);
        if (this == JSONL) {
            ObjectNode o = Json.mapper().createObjectNode();
            for (int i = 0; i < v.length; i++) {
                Object x = v[i];
                String name = COLUMNS.get(i);
                switch (x) {
                    case null -> o.putNull(name);
                    case Long l -> o.put(name, l);
                    case Integer n -> o.put(name, n);
                    case Boolean b -> o.put(name, b);
                    default -> o.put(name, x.toString());
                }
            }
            byte[] json = Json.bytes(o);
            byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
            out[json.length] = '\n';
            return out;
        }
        StringBuilder sb = new StringBuilder(256);
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(csv(v[i] == null ? "" : v[i].toString()));
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Object[] values(LedgerEntry e) {
        TokenUsage t = e.tokens();
        if (t == null && e.isRequestDebit()) {
            t = TokenUsage.of(e.inputTokens() == null ? 0 : e.inputTokens(), e.outputTokens() == null ? 0 : e.outputTokens());
        }
        return new Object[] {e.occurredAt(), e.utcDay(), e.keyId(), e.eventId(), e.kind(), e.sequence(), e.source(),
                e.sourceId(), e.endpoint(), e.provider(), e.model(), e.tier(), e.status(), e.usageSource(),
                e.rateCardVersion(), t == null ? null : t.inputTokens(), t == null ? null : t.cacheReadTokens(),
                t == null ? null : t.cacheWrite5mTokens(), t == null ? null : t.cacheWrite1hTokens(),
                t == null ? null : t.outputTokens(), t == null ? null : t.reasoningTokens(),
                Usd.ofNanos(e.amountNanoUsd()).toString(), e.amountNanoUsd(), e.amountMsat(),
                BigDecimal.valueOf(e.amountMsat(), 3).toPlainString(), e.msatPerUsd(), e.byok()};
    }

    static String csv(String field) {
        boolean quote = false;
        for (int i = 0; i < field.length() && !quote; i++) {
            char c = field.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }
}
