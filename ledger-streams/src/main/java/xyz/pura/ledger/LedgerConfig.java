package xyz.pura.ledger;

import xyz.pura.events.ConfigProblems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import xyz.pura.events.SatsRate;
import xyz.pura.events.Usd;

/**
 * What the ledger topology needs to know, validated once.
 *
 * @param defaultDailyBudget the cap of a key whose events name none ({@code PURA_DAILY_BUDGET_USD}, 10)
 * @param dedupRetention how long a completion's event id is remembered to drop its duplicates (7 days);
 *     a duplicate arriving later than that after the original would be booked again (settled invoices are
 *     remembered forever, whatever this says)
 * @param reportRetention how long debits stay in the 24 h report store (48 h; at least 25 h)
 * @param qualityBucket granularity of the provider quality windows (5 s; divides one minute)
 * @param qualityEmitInterval how often (wall clock) provider scores are emitted to pura.quality (5 s)
 * @param freeRequests how many billed requests of each key debit no sats ({@code PURA_FREE_REQUESTS}, 5000;
 *     0 or more): the request whose position among the key's billed requests is above it debits sats
 * @param satsPerUsd the static USD to sats rate of sats debits ({@code PURA_SATS_PER_USD}, 1100 sats per USD,
 *     about 90,900 USD per BTC). It is a fixed configured rate, not a market feed: change it by configuration;
 *     each debit records the rate that priced it ({@code LedgerEntry.msatPerUsd})
 * @param internalTopics the replication of the topics Kafka Streams creates for the ledger (changelogs,
 *     repartitions); the app decides it with Pura's own topics ({@link InternalTopics#BROKER_DEFAULTS} until then)
 */
public record LedgerConfig(Usd defaultDailyBudget, Duration dedupRetention, Duration reportRetention,
                           Duration qualityBucket, Duration qualityEmitInterval, long freeRequests,
                           SatsRate satsPerUsd, InternalTopics internalTopics) {
    public static final String DAILY_BUDGET_ENV = "PURA_DAILY_BUDGET_USD";
    public static final String FREE_REQUESTS_ENV = "PURA_FREE_REQUESTS";
    public static final String SATS_PER_USD_ENV = "PURA_SATS_PER_USD";
    public static final Usd DEFAULT_DAILY_BUDGET = Usd.parse("10");
    public static final long DEFAULT_FREE_REQUESTS = 5000;
    /** 1100 sats per USD (about 90,900 USD per BTC), a static rate. */
    public static final SatsRate DEFAULT_SATS_PER_USD = SatsRate.parseSatsPerUsd("1100");

    /**
     * Replicas and {@code min.insync.replicas} of the ledger's internal topics.
     *
     * @param replicationFactor Streams' {@code replication.factor}; -1: the broker's {@code default.replication.factor}
     * @param minInsyncReplicas 1 to {@code replicationFactor}; -1: the broker's {@code min.insync.replicas}
     */
    public record InternalTopics(int replicationFactor, int minInsyncReplicas) {
        public static final InternalTopics BROKER_DEFAULTS = new InternalTopics(-1, -1);

        public InternalTopics {
            if (replicationFactor != -1 && replicationFactor < 1) {
                throw new IllegalArgumentException("the replication factor must be -1 or at least 1: " + replicationFactor);
            }
            if (minInsyncReplicas != -1 && (minInsyncReplicas < 1
                    || (replicationFactor > 0 && minInsyncReplicas > replicationFactor))) {
                throw new IllegalArgumentException("min.insync.replicas must be -1 or between 1 and the replication factor "
                        + replicationFactor + ": " + minInsyncReplicas);
            }
        }
    }

    public LedgerConfig {
        Objects.requireNonNull(defaultDailyBudget, "defaultDailyBudget");
        Objects.requireNonNull(internalTopics, "internalTopics");
        Objects.requireNonNull(satsPerUsd, "satsPerUsd");
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
        if (freeRequests < 0) {
            throw new IllegalArgumentException("freeRequests must not be negative: " + freeRequests);
        }
    }

    public static LedgerConfig defaults() {
        return new LedgerConfig(DEFAULT_DAILY_BUDGET, Duration.ofDays(7), Duration.ofHours(48),
                Duration.ofSeconds(5), Duration.ofSeconds(5), DEFAULT_FREE_REQUESTS, DEFAULT_SATS_PER_USD,
                InternalTopics.BROKER_DEFAULTS);
    }

    /**
     * The defaults, with each of these that is set: {@code PURA_DAILY_BUDGET_USD} (a decimal USD amount),
     * {@code PURA_FREE_REQUESTS} (a whole number, 0 or more), {@code PURA_SATS_PER_USD} (a decimal number of
     * sats per USD above 0, at most 3 decimals).
     *
     * @throws IllegalArgumentException naming the variable when a value is malformed; when several are, one
     *     whose message joins theirs and whose suppressed exceptions are each of them
     */
    public static LedgerConfig fromEnv(Map<String, String> env) {
        List<IllegalArgumentException> problems = new ArrayList<>();
        Usd budget = DEFAULT_DAILY_BUDGET;
        String budgetText = env.get(DAILY_BUDGET_ENV);
        if (budgetText != null && !budgetText.isBlank()) {
            try {
                budget = Usd.parse(budgetText);
                defaults().withDefaultDailyBudget(budget);
            } catch (IllegalArgumentException e) {
                budget = DEFAULT_DAILY_BUDGET;
                problems.add(new IllegalArgumentException(DAILY_BUDGET_ENV + " is not a decimal USD amount: "
                        + budgetText, e));
            }
        }
        long freeRequests = DEFAULT_FREE_REQUESTS;
        String free = env.get(FREE_REQUESTS_ENV);
        if (free != null && !free.isBlank()) {
            try {
                freeRequests = Long.parseLong(free.trim());
                defaults().withFreeRequests(freeRequests);
            } catch (IllegalArgumentException e) {
                freeRequests = DEFAULT_FREE_REQUESTS;
                problems.add(new IllegalArgumentException(FREE_REQUESTS_ENV + " is not a whole number of requests, "
                        + "0 or more: " + free, e));
            }
        }
        SatsRate satsPerUsd = DEFAULT_SATS_PER_USD;
        String rate = env.get(SATS_PER_USD_ENV);
        if (rate != null && !rate.isBlank()) {
            try {
                satsPerUsd = SatsRate.parseSatsPerUsd(rate);
            } catch (IllegalArgumentException e) {
                problems.add(new IllegalArgumentException(SATS_PER_USD_ENV + " is not a decimal number of sats per USD"
                        + " above 0 with at most 3 decimals: " + rate, e));
            }
        }
        ConfigProblems.throwAll(problems);
        LedgerConfig d = defaults();
        return new LedgerConfig(budget, d.dedupRetention(), d.reportRetention(), d.qualityBucket(), d.qualityEmitInterval(),
                freeRequests, satsPerUsd, d.internalTopics());
    }

    public LedgerConfig withDefaultDailyBudget(Usd budget) {
        return new LedgerConfig(budget, dedupRetention, reportRetention, qualityBucket, qualityEmitInterval,
                freeRequests, satsPerUsd, internalTopics);
    }

    public LedgerConfig withFreeRequests(long free) {
        return new LedgerConfig(defaultDailyBudget, dedupRetention, reportRetention, qualityBucket, qualityEmitInterval,
                free, satsPerUsd, internalTopics);
    }

    public LedgerConfig withSatsPerUsd(SatsRate rate) {
        return new LedgerConfig(defaultDailyBudget, dedupRetention, reportRetention, qualityBucket, qualityEmitInterval,
                freeRequests, rate, internalTopics);
    }

    public LedgerConfig withDedupRetention(Duration retention) {
        return new LedgerConfig(defaultDailyBudget, retention, reportRetention, qualityBucket, qualityEmitInterval,
                freeRequests, satsPerUsd, internalTopics);
    }

    public LedgerConfig withInternalTopics(InternalTopics topics) {
        return new LedgerConfig(defaultDailyBudget, dedupRetention, reportRetention, qualityBucket, qualityEmitInterval,
                freeRequests, satsPerUsd, topics);
    }
}
