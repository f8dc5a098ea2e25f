package xyz.pura.ingress.usage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import xyz.pura.events.Json;
import xyz.pura.events.KeyReport;
import xyz.pura.events.KeyUsage;
import xyz.pura.events.Usd;
import xyz.pura.events.WalletBalance;

/**
 * The body of {@code GET /api/usage}: a key's range of days (every day, those without debits at 0), its models and
 * totals over the range, in USD decimal strings (9 decimals, as {@code /api/report}) and whole token counts. Sums are
 * of longs ({@link Math#addExact}); nothing is rounded but the averages (half up, as the report's).
 */
final class UsageJson {
    private UsageJson() {
    }

    static ObjectNode of(KeyUsage usage, UsageRange range) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("object", "usage");
        out.put("keyId", usage.keyId());
        out.put("from", range.from().toString());
        out.put("to", range.to().toString());
        out.put("days", range.days());
        Map<LocalDate, KeyUsage.Day> byDay = new HashMap<>();
        usage.days().forEach(d -> byDay.put(d.day(), d));
        Map<String, long[]> models = new TreeMap<>();
        long[] total = new long[9];
        ArrayNode daily = out.putArray("daily");
        for (LocalDate d = range.from(); !d.isAfter(range.to()); d = d.plusDays(1)) {
            long[] day = new long[9];
            KeyUsage.Day booked = byDay.get(d);
            if (booked != null) {
                for (KeyReport.ModelUsage m : booked.models()) {
                    add(day, m);
                    add(total, m);
                    add(models.computeIfAbsent(m.model(), k -> new long[9]), m);
                }
            }
            put(daily.addObject().put("day", d.toString()), day);
        }
        out.put("totalSpendUsd", usd(total[0]));
        out.put("requestCount", total[1]);
        out.put("averageCostUsd", usd(KeyReport.average(total[0], total[1])));
        out.put("estimatedRequests", total[8]);
        tokens(out, total);
        ArrayNode perModel = out.putArray("models");
        models.forEach((model, m) -> put(perModel.addObject().put("model", model), m));
        return out;
    }

    /** The key's sats balance and free requests, as the ledger has booked them. */
    static void wallet(ObjectNode out, WalletBalance b) {
        out.putObject("wallet").put("balanceSats", b.balanceSats()).put("balanceMsat", b.balanceMsat())
                .put("funded", b.funded()).put("freeRequestsUsed", b.freeRequestsUsed())
                .put("freeRequestsLimit", b.freeRequestsLimit()).put("freeRequestsLeft", b.freeRequestsLeft());
    }

    private static void add(long[] sums, KeyReport.ModelUsage m) {
        KeyReport.Tokens t = m.tokens();
        long[] one = {m.costNanoUsd(), m.requests(), t.input(), t.cacheRead(), t.cacheWrite5m(), t.cacheWrite1h(),
                t.output(), t.reasoning(), m.estimatedRequests()};
        for (int i = 0; i < one.length; i++) {
            sums[i] = Math.addExact(sums[i], one[i]);
        }
    }

    private static void put(ObjectNode line, long[] s) {
        line.put("costUsd", usd(s[0])).put("requests", s[1]).put("averageCostUsd", usd(KeyReport.average(s[0], s[1])))
                .put("estimatedRequests", s[8]);
        tokens(line, s);
    }

    private static void tokens(ObjectNode node, long[] s) {
        node.putObject("tokens").put("input", s[2]).put("cacheRead", s[3]).put("cacheWrite5m", s[4])
                .put("cacheWrite1h", s[5]).put("output", s[6]).put("reasoning", s[7]);
    }

    static String usd(long nanos) {
        return Usd.ofNanos(nanos).toString();
    }
}
