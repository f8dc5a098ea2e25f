package xyz.pura.app;

import java.time.Duration;
import java.util.Objects;
import xyz.pura.events.Usd;

/**
 * What admission allows, validated when built (every problem at once).
 *
 * @param dailyBudget the default cap of new keys (PURA_DAILY_BUDGET_USD, 10; read by the ledger's
 *     {@link xyz.pura.ledger.LedgerConfig#fromEnv}, which books it too)
 * @param admissionWait how long a request that only its key's reservations in flight keep out waits for them
 *     before a 429 (PURA_ADMISSION_WAIT_MS, 2000; not negative)
 * @param defaultOutputTokens output tokens a request without max_tokens reserves before its model has history
 *     (PURA_DEFAULT_OUTPUT_TOKENS, 512; 1 to 1,000,000)
 * @param rateLimitPerMinute requests per minute per key (PURA_RATE_LIMIT_RPM; 0: unlimited)
 * @param freeTierDailyUsd the most free-tier requests may cost this instance per UTC day
 *     (PURA_FREE_TIER_DAILY_USD, 100; 0: no ceiling)
 */
public record AdmissionSettings(Usd dailyBudget, Duration admissionWait, int defaultOutputTokens,
                                long rateLimitPerMinute, Usd freeTierDailyUsd) {

    public AdmissionSettings {
        Objects.requireNonNull(dailyBudget, "dailyBudget");
        new Problems()
                .check(!admissionWait.isNegative(),
                        "PURA_ADMISSION_WAIT_MS must not be negative, not " + admissionWait.toMillis())
                .check(defaultOutputTokens >= 1 && defaultOutputTokens <= 1_000_000,
                        "PURA_DEFAULT_OUTPUT_TOKENS must be between 1 and 1000000, not " + defaultOutputTokens)
                .check(!freeTierDailyUsd.isNegative(), "PURA_FREE_TIER_DAILY_USD must not be negative")
                .throwIfAny();
    }

    /** @param dailyBudget the default cap of new keys, as the ledger's settings read it */
    static AdmissionSettings read(EnvReader r, Usd dailyBudget) {
        AdmissionSettings d = defaults(dailyBudget);
        int waitMs = r.integer("PURA_ADMISSION_WAIT_MS", (int) d.admissionWait().toMillis());
        int outputTokens = r.integer("PURA_DEFAULT_OUTPUT_TOKENS", d.defaultOutputTokens());
        int rpm = r.integer("PURA_RATE_LIMIT_RPM", (int) d.rateLimitPerMinute());
        Usd freeTierDaily = r.usd("PURA_FREE_TIER_DAILY_USD", "100");
        return r.of(() -> new AdmissionSettings(dailyBudget, Duration.ofMillis(waitMs), outputTokens, rpm, freeTierDaily), d);
    }

    /** The defaults listed above, with this default cap of new keys. */
    public static AdmissionSettings defaults(Usd dailyBudget) {
        return new AdmissionSettings(dailyBudget, Duration.ofMillis(2000), 512, 0, Usd.parse("100"));
    }
}
