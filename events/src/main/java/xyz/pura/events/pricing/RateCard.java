package xyz.pura.events.pricing;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import xyz.pura.events.Usd;

/**
 * One immutable version of the rate card ({@code ratecard/<version>.json} on the classpath): USD per one
 * million input, cached-input and output tokens per model, and a fallback price per provider for models
 * that are not on the card. Thread-safe.
 *
 * <p><b>Rounding rule (the only one):</b> each side is priced on its own and rounded up to the whole
 * nano-dollar, {@code ceil(tokens * nanoPerMillion / 1_000_000)}; the cost is the sum of the sides. So the
 * cost of a request never under-states its list price by any fraction, and the same tokens always give
 * the same nano figure. All arithmetic is exact {@code long} (overflow throws).
 *
 * <p><b>Model lookup:</b> the exact name or an alias on the card; else the longest card name {@code n}
 * such that the model starts with {@code n + "-"} (dated snapshots such as {@code gpt-4o-2024-08-06});
 * else the provider's fallback price, the provider told by the name's prefix ({@link ModelProviders}).
 */
public final class RateCard {
    private static final long TOKENS_PER_PRICE_UNIT = 1_000_000L;
    private static final Map<String, RateCard> LOADED = new ConcurrentHashMap<>();

    private final String version;
    private final int defaultMaxOutputTokens;
    private final Map<String, ModelPrice> models;
    private final Map<String, ModelPrice> fallbacks;

    RateCard(String version, int defaultMaxOutputTokens, Map<String, ModelPrice> models,
             Map<String, ModelPrice> fallbacks) {
        this.version = version;
        this.defaultMaxOutputTokens = defaultMaxOutputTokens;
        this.models = Map.copyOf(models);
        this.fallbacks = Map.copyOf(fallbacks);
    }

    /** The version that {@code ratecard/current.json} names; every new cost is priced with it. */
    public static RateCard current() {
        return load(RateCardLoader.currentVersion());
    }

    /** A published version, e.g. to price history the way it was priced. Loaded once, then cached. */
    public static RateCard load(String version) {
        return LOADED.computeIfAbsent(version, v -> {
            RateCardLoader.Parsed p = RateCardLoader.load(v);
            return new RateCard(p.version(), p.defaultMaxOutputTokens(), p.models(), p.fallbacks());
        });
    }

    /** The version string that cost events carry as {@code rateCardVersion}. */
    public String version() {
        return version;
    }

    /** Output tokens reserved at admission when the request sets no {@code max_tokens}. */
    public int defaultMaxOutputTokens() {
        return defaultMaxOutputTokens;
    }

    /**
     * The price that applies to a model.
     *
     * @throws UnknownModelException when the model is not on the card and its name tells no provider
     */
    public ModelPrice price(String model) {
        return find(model).orElseThrow(() -> new UnknownModelException(model, version));
    }

    /** Like {@link #price(String)}, empty instead of throwing. */
    public Optional<ModelPrice> find(String model) {
        if (model == null) {
            return Optional.empty();
        }
        ModelPrice exact = models.get(model);
        if (exact != null) {
            return Optional.of(exact);
        }
        Optional<ModelPrice> snapshot = models.entrySet().stream()
                .filter(e -> model.startsWith(e.getKey() + "-"))
                .max(Comparator.comparingInt(e -> e.getKey().length()))
                .map(Map.Entry::getValue);
        if (snapshot.isPresent()) {
            return snapshot;
        }
        return ModelProviders.providerOf(model)
                .map(p -> fallbacks.get(p.wireName()))
                .map(p -> p.asFallbackFor(model));
    }

    /** The cost of a request and its answer, all input tokens at the input price. */
    public Usd cost(String model, int inputTokens, int outputTokens) {
        return cost(model, inputTokens, 0, outputTokens);
    }

    /**
     * The cost with part of the input read from the provider's prompt cache.
     *
     * @param cachedInputTokens how many of {@code inputTokens} were cache reads (priced at the cached price)
     */
    public Usd cost(String model, int inputTokens, int cachedInputTokens, int outputTokens) {
        if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0 || cachedInputTokens > inputTokens) {
            throw new IllegalArgumentException("bad token counts: input=" + inputTokens + " cached="
                    + cachedInputTokens + " output=" + outputTokens);
        }
        ModelPrice p = price(model);
        long nanos = Math.addExact(Math.addExact(
                        side(inputTokens - cachedInputTokens, p.inputNanoPerMillion()),
                        side(cachedInputTokens, p.cachedInputNanoPerMillion())),
                side(outputTokens, p.outputNanoPerMillion()));
        return Usd.ofNanos(nanos);
    }

    /**
     * The cost of a request by its billed components: uncached input, cache reads, cache writes (5 minutes and 1
     * hour), visible output and reasoning output, each priced and rounded up on its own (the one rounding rule).
     * With no cache and no reasoning this is exactly {@link #cost(String, int, int)}.
     */
    public Usd cost(String model, TokenUsage usage) {
        ModelPrice p = price(model);
        long nanos = 0;
        nanos = Math.addExact(nanos, side(usage.uncachedInputTokens(), p.inputNanoPerMillion()));
        nanos = Math.addExact(nanos, side(usage.cacheReadTokens(), p.cachedInputNanoPerMillion()));
        nanos = Math.addExact(nanos, side(usage.cacheWrite5mTokens(), p.cacheWrite5mNanoPerMillion()));
        nanos = Math.addExact(nanos, side(usage.cacheWrite1hTokens(), p.cacheWrite1hNanoPerMillion()));
        nanos = Math.addExact(nanos, side(usage.visibleOutputTokens(), p.outputNanoPerMillion()));
        nanos = Math.addExact(nanos, side(usage.reasoningTokens(), p.reasoningNanoPerMillion()));
        return Usd.ofNanos(nanos);
    }

    /**
     * What admission sets aside for a request before it is sent: the cost of its input plus the most
     * output it may produce, with the same rounding as {@link #cost}, so a request that stays within
     * {@code maxOutputTokens} never costs more than its reservation.
     *
     * @param maxOutputTokens the request's {@code max_tokens}, or null for {@link #defaultMaxOutputTokens()}
     */
    public Usd reservation(String model, int inputTokens, Integer maxOutputTokens) {
        int maxOut = maxOutputTokens == null ? defaultMaxOutputTokens : maxOutputTokens;
        return cost(model, inputTokens, maxOut);
    }

    /** {@code ceil(tokens * nanoPerMillion / 1e6)}. */
    static long side(long tokens, long nanoPerMillion) {
        return Math.ceilDiv(Math.multiplyExact(tokens, nanoPerMillion), TOKENS_PER_PRICE_UNIT);
    }

    @Override
    public String toString() {
        return "RateCard[" + version + ", " + models.size() + " names]";
    }
}
