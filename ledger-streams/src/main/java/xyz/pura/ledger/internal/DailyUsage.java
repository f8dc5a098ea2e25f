package xyz.pura.ledger.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import xyz.pura.events.KeyReport;
import xyz.pura.events.KeyUsage;
import xyz.pura.events.pricing.TokenUsage;

/**
 * One key's debits on one UTC day, per model, as the daily usage store keeps them: the sums the 24 h report makes of
 * its items ({@link ReportItem}), made once per debit as it is booked. Immutable; {@link #plus} returns a new day.
 *
 * @param models model name to its sums, sorted by name
 */
public record DailyUsage(Map<String, Sums> models) {
    public static final DailyUsage EMPTY = new DailyUsage(Map.of());

    public DailyUsage {
        models = models == null ? Map.of() : Map.copyOf(models);
    }

    /**
     * One model's sums on the day.
     *
     * @param estimated debits priced from the gateway's estimate
     */
    public record Sums(long costNanoUsd, long requests, long input, long cacheRead, long cacheWrite5m,
                       long cacheWrite1h, long output, long reasoning, long estimated) {
        Sums plus(ReportItem item) {
            TokenUsage t = item.tokens() == null ? TokenUsage.of(0, 0) : item.tokens();
            return new Sums(Math.addExact(costNanoUsd, item.costNanoUsd()), requests + 1,
                    Math.addExact(input, t.inputTokens()), Math.addExact(cacheRead, t.cacheReadTokens()),
                    Math.addExact(cacheWrite5m, t.cacheWrite5mTokens()), Math.addExact(cacheWrite1h, t.cacheWrite1hTokens()),
                    Math.addExact(output, t.outputTokens()), Math.addExact(reasoning, t.reasoningTokens()),
                    estimated + (item.fromProvider() ? 0 : 1));
        }

        KeyReport.ModelUsage toModelUsage(String model) {
            return new KeyReport.ModelUsage(model, costNanoUsd, requests,
                    new KeyReport.Tokens(input, cacheRead, cacheWrite5m, cacheWrite1h, output, reasoning), estimated);
        }
    }

    /** This day with one more debit. */
    public DailyUsage plus(ReportItem item) {
        Map<String, Sums> next = new TreeMap<>(models);
        next.merge(item.model(), new Sums(0, 0, 0, 0, 0, 0, 0, 0, 0).plus(item), (before, one) -> before.plus(item));
        return new DailyUsage(next);
    }

    KeyUsage.Day toDay(LocalDate day) {
        List<KeyReport.ModelUsage> out = new ArrayList<>(models.size());
        new TreeMap<>(models).forEach((model, sums) -> out.add(sums.toModelUsage(model)));
        return new KeyUsage.Day(day, out);
    }
}
