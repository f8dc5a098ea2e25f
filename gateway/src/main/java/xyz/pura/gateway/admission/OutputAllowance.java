package xyz.pura.gateway.admission;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * How many output tokens a request reserves against its key's budget and balance: its own {@code max_tokens} /
 * {@code max_completion_tokens} when set, else what this model's answers have needed lately, the
 * {@value #PERCENTILE}th percentile of its last {@value #WINDOW} successful completions on this instance ({@link
 * #defaultTokens()} before {@value #MIN_SAMPLES} of them), never more than the model's own output maximum.
 *
 * <p>This is what makes a reservation an honest estimate rather than a worst case: a request without
 * {@code max_tokens} used to reserve 4,096 output tokens, about thirty times a typical answer, so a handful of
 * requests in flight looked like a spent budget. The price is a bound rather than a guarantee: an answer longer than
 * the allowance (about one in twenty by construction) costs more than it reserved, and the cap can be overshot by
 * that excess of the requests in flight when it is crossed (README, "Admission").
 */
public final class OutputAllowance {
    static final int WINDOW = 256;
    static final int MIN_SAMPLES = 20;
    static final int PERCENTILE = 95;
    private static final int MAX_MODELS = 1_000;

    private final int defaultTokens;
    private final ToIntFunction<String> modelMaximum;
    private final Map<String, Window> byModel = new ConcurrentHashMap<>();

    /**
     * @param defaultTokens the allowance before a model has history ({@code PURA_DEFAULT_OUTPUT_TOKENS})
     * @param modelMaximum a model's output maximum (Integer.MAX_VALUE when unknown)
     */
    public OutputAllowance(int defaultTokens, ToIntFunction<String> modelMaximum) {
        if (defaultTokens < 1) {
            throw new IllegalArgumentException("the default output allowance must be at least 1 token: " + defaultTokens);
        }
        this.defaultTokens = defaultTokens;
        this.modelMaximum = modelMaximum;
    }

    /** No learning from history is wanted (tests of other parts): always the 4,096 tokens of the rate card. */
    public static OutputAllowance unbounded() {
        return new OutputAllowance(4096, m -> Integer.MAX_VALUE);
    }

    public int defaultTokens() {
        return defaultTokens;
    }

    /** The output tokens to reserve for a request to {@code model} with this {@code max_tokens} (null: not set). */
    public int tokens(String model, Integer maxTokens) {
        int maximum = Math.max(1, modelMaximum.applyAsInt(model));
        if (maxTokens != null) {
            return Math.min(maxTokens, maximum);
        }
        Window w = byModel.get(model);
        int learned = w == null ? defaultTokens : w.percentile(defaultTokens);
        return Math.min(learned, maximum);
    }

    /** Learns from a successful completion. */
    public void observe(String model, int outputTokens) {
        if (model == null || outputTokens < 0) {
            return;
        }
        Window w = byModel.get(model);
        if (w == null) {
            if (byModel.size() >= MAX_MODELS) {
                return;
            }
            w = byModel.computeIfAbsent(model, m -> new Window());
        }
        w.add(outputTokens);
    }

    private static final class Window {
        private final int[] last = new int[WINDOW];
        private int count;
        private int next;
        private long adds;
        /** The percentile, recomputed after every 8 new samples (a sort of at most 256 ints), or -1. */
        private int cached = -1;

        synchronized void add(int tokens) {
            last[next] = tokens;
            next = (next + 1) % WINDOW;
            count = Math.min(WINDOW, count + 1);
            if (++adds % 8 == 0 || count <= MIN_SAMPLES) {
                cached = -1;
            }
        }

        synchronized int percentile(int dflt) {
            if (count < MIN_SAMPLES) {
                return dflt;
            }
            if (cached < 0) {
                int[] sorted = Arrays.copyOf(last, count);
                Arrays.sort(sorted);
                int index = Math.min(count - 1, (int) Math.ceil(count * PERCENTILE / 100.0) - 1);
                cached = Math.max(1, sorted[index]);
            }
            return cached;
        }
    }
}
