package xyz.pura.router;

import java.time.Duration;
import java.util.Map;

/**
 * Every tunable of the router, with its defaults in {@link #defaults()}. ROUTING.md explains each.
 *
 * @param explorationRate probability of exploring when no candidate is degraded (0.05)
 * @param degradedExplorationRate probability of exploring when a candidate is degraded (0.10)
 * @param degradedSuccessRate a provider whose 1 h success rate is below this is degraded (0.90)
 * @param preferBoost factor on the weight of the {@code routing.prefer} provider (2.0)
 * @param temperature quality gap that divides a weight by e: w = exp(-(best - q) / temperature) (0.05)
 * @param tieEpsilon quality scores within this of a group's best are of equal standing (0.02)
 * @param neutralQuality the quality score of a provider with no measurements yet (0.80)
 * @param latencyCeilingMs a p95 latency at or above this scores 0 (10,000 ms)
 * @param weightMaxAge pool weights observed longer ago than this are stale (15 min)
 * @param cheapBelow a complexity score below this is cheap (9)
 * @param premiumFrom a complexity score at or above this is premium (26)
 * @param seed null for production randomness (ThreadLocalRandom); a value for reproducible tests
 */
public record RouterConfig(double explorationRate, double degradedExplorationRate, double degradedSuccessRate,
                           double preferBoost, double temperature, double tieEpsilon, double neutralQuality,
                           double latencyCeilingMs, Duration weightMaxAge, double cheapBelow, double premiumFrom,
                           Long seed) {
    public static final String EXPLORATION_RATE_ENV = "PURA_EXPLORATION_RATE";

    public RouterConfig {
        probability(explorationRate, "explorationRate");
        probability(degradedExplorationRate, "degradedExplorationRate");
        probability(degradedSuccessRate, "degradedSuccessRate");
        probability(neutralQuality, "neutralQuality");
        probability(tieEpsilon, "tieEpsilon");
        if (!(preferBoost >= 1.0) || !(temperature > 0) || !(latencyCeilingMs > 0)) {
            throw new IllegalArgumentException("preferBoost must be >= 1, temperature and latencyCeilingMs > 0");
        }
        if (weightMaxAge == null || weightMaxAge.isNegative() || !(cheapBelow < premiumFrom)) {
            throw new IllegalArgumentException("weightMaxAge must be >= 0 and cheapBelow < premiumFrom");
        }
    }

    /** The defaults listed above, unseeded. */
    public static RouterConfig defaults() {
        return new RouterConfig(0.05, 0.10, 0.90, 2.0, 0.05, 0.02, 0.80, 10_000, Duration.ofMinutes(15), 9, 26, null);
    }

    /**
     * The defaults, with the exploration rate from {@code PURA_EXPLORATION_RATE} (a probability; default 0.05),
     * doubled (at most 1) while a candidate is degraded.
     *
     * @throws IllegalArgumentException naming the variable when its value is not a probability
     */
    public static RouterConfig fromEnv(Map<String, String> env) {
        RouterConfig d = defaults();
        String v = env.get(EXPLORATION_RATE_ENV);
        if (v == null || v.isBlank()) {
            return d;
        }
        double rate;
        try {
            rate = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(EXPLORATION_RATE_ENV + " must be a probability such as 0.05, not '" + v + "'");
        }
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException(EXPLORATION_RATE_ENV + " must be between 0 and 1, not " + v);
        }
        return d.withExplorationRates(rate, Math.min(1, rate * 2));
    }

    public RouterConfig withSeed(long newSeed) {
        return new RouterConfig(explorationRate, degradedExplorationRate, degradedSuccessRate, preferBoost, temperature,
                tieEpsilon, neutralQuality, latencyCeilingMs, weightMaxAge, cheapBelow, premiumFrom, newSeed);
    }

    public RouterConfig withExplorationRates(double normal, double degraded) {
        return new RouterConfig(normal, degraded, degradedSuccessRate, preferBoost, temperature,
                tieEpsilon, neutralQuality, latencyCeilingMs, weightMaxAge, cheapBelow, premiumFrom, seed);
    }

    private static void probability(double v, String name) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be within [0, 1], was " + v);
        }
    }
}
