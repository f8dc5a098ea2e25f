package xyz.pura.router.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import xyz.pura.router.ComplexityFeatures;

/**
 * The points each feature adds to the complexity score (ROUTING.md has the table). Length grows
 * logarithmically; marker counts are capped so that repetition cannot run away; "simple task"
 * markers only lower the score of short requests (under 300 estimated tokens) that declare no tools.
 */
public final class ComplexityPoints {
    private ComplexityPoints() {
    }

    /** The scored features, each with its name (as explanations show it) and its points. */
    enum Feature {
        LENGTH("length", f -> 4.0 * log2(1.0 + f.estimatedTokens() / 64.0)),
        CODE_BLOCKS("codeBlocks", f -> f.codeBlocks() == 0 ? 0 : Math.min(14, 8 + 3 * (f.codeBlocks() - 1))),
        STRONG_REASONING("strongReasoning", f -> Math.min(40, 20 * f.strongReasoning())),
        REASONING("reasoning", f -> Math.min(24, 8 * f.reasoning())),
        MATH("math", f -> Math.min(15, 5 * f.math())),
        CODE_TERMS("codeTerms", f -> Math.min(8, 4 * f.codeTerms())),
        COMPOSE("compose", f -> Math.min(10, 10 * f.compose())),
        EXPLAIN("explain", f -> Math.min(8, 4 * f.explain())),
        SIMPLE("simple", f -> f.estimatedTokens() < 300 && !f.tools() ? -Math.min(12, 6 * f.simple()) : 0),
        TURNS("turns", f -> Math.min(15, 1.5 * Math.max(0, f.messages() - 2))),
        SYSTEM_PROMPT("systemPrompt", f -> Math.min(8, f.systemChars() / 100.0)),
        TOOLS("tools", f -> f.tools() ? 12 : 0),
        MAX_OUTPUT("maxOutput", f -> maxOutput(f.maxOutputTokens())),
        IMAGES("images", f -> Math.min(16, 8 * f.images()));

        private final String wireName;
        private final ToDoubleFunction<ComplexityFeatures> points;

        Feature(String wireName, ToDoubleFunction<ComplexityFeatures> points) {
            this.wireName = wireName;
            this.points = points;
        }

        String wireName() {
            return wireName;
        }

        double points(ComplexityFeatures f) {
            return points.applyAsDouble(f);
        }
    }

    private static final Feature[] FEATURES = Feature.values();

    /** The complexity score: the sum of every feature's points. */
    public static double total(ComplexityFeatures f) {
        double sum = 0;
        for (Feature feature : FEATURES) {
            sum += feature.points(f);
        }
        return sum;
    }

    /** Non-zero points by feature name, in a fixed order (for explanations). */
    public static Map<String, Double> contributions(ComplexityFeatures f) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Feature feature : FEATURES) {
            double p = feature.points(f);
            if (p != 0) {
                out.put(feature.wireName(), Math.round(p * 10) / 10.0);
            }
        }
        return out;
    }

    /** The feature that added the most points, for one-line reasons. */
    static String topFeature(ComplexityFeatures f) {
        Feature best = FEATURES[0];
        for (Feature feature : FEATURES) {
            if (feature.points(f) > best.points(f)) {
                best = feature;
            }
        }
        return best.wireName();
    }

    private static double maxOutput(int max) {
        if (max == 0) {
            return 0;
        }
        return max >= 16_000 ? 12 : max >= 4_000 ? 8 : max >= 1_000 ? 4 : max <= 64 ? -3 : 0;
    }

    private static double log2(double x) {
        return Math.log(x) * 1.4426950408889634;
    }
}
