package xyz.pura.ledger;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import xyz.pura.events.Usd;

/**
 * What the ledger topology needs to know, validated once.
 *
 * @param defaultDailyBudget the cap of a key whose events name none ({@code PURA_DAILY_BUDGET_USD}, 10)
 * @param dedupRetention how long a completion's event id is remembered to drop its duplicates (7 days);
 *     a duplicate arriving later than that after the original would be booked again
 * @param reportRetention how long debits stay in the 24 h report store (48 h; at least 25 h)
 * @param qualityBucket granularity of the provider quality windows (5 s; divides one minute)
 * @param qualityEmitInterval how often (wall clock) provider scores are emitted to pura.quality (5 s)
 */
public record LedgerConfig(Usd defaultDailyBudget, Duration dedupRetention, Duration reportRetention,
                           Duration qualityBucket, Duration qualityEmitInterval) {
    public static final String DAILY_BUDGET_ENV = "PURA_DAILY_BUDGET_USD";
    public static final Usd DEFAULT_DAILY_BUDGET = Usd.parse("10");

    public LedgerConfig {
        Objects.requireNonNull(defaultDailyBudget, "defaultDailyBudget");
        if (defaultDailyBudget.isNegative()) {
            throw new IllegalArgumentException("the default daily budget must not be negative: " + defaultDailyBudget);
        }
        if (dedupRetention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("dedupRetention must be at least 1 h: " + dedupRetention);
        }
        if (reportRetention.compareTo(Duration.ofHours(25)) < 0) {
            throw new IllegalArgumentException("reportRetention must be at least 25 h: " + reportRetention);
        }
        if (qualityBucket.isNegative() || qualityBucket.isZero() || Duration.ofMinutes(1).toMillis() % qualityBucket.toMillis() != 0) {
            throw new IllegalArgumentException("qualityBucket must divide one minute: " + qualityBucket);
        }
        if (qualityEmitInterval.toMillis() < 100) {
            throw new IllegalArgumentException("qualityEmitInterval must be at least 100 ms: " + qualityEmitInterval);
        }
    }

    public static LedgerConfig defaults() {
        return new LedgerConfig(DEFAULT_DAILY_BUDGET, Duration.ofDays(7), Duration.ofHours(48),
                Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /** The defaults, with {@code PURA_DAILY_BUDGET_USD} (a decimal USD amount) when set. */
    public static LedgerConfig fromEnv(Map<String, String> env) {
        LedgerConfig d = defaults();
        String budget = env.get(DAILY_BUDGET_ENV);
        if (budget == null || budget.isBlank()) {
            return d;
        }
        Usd parsed;
        try {
            parsed = Usd.parse(budget);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(DAILY_BUDGET_ENV + " is not a decimal USD amount: " + budget, e);
        }
        return d.withDefaultDailyBudget(parsed);
    }

    public LedgerConfig withDefaultDailyBudget(Usd budget) {
        return new LedgerConfig(budget, dedupRetention, reportRetention, qualityBucket, qualityEmitInterval);
    }
}
