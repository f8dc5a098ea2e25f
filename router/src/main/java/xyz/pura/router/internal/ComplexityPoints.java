package xyz.pura.router.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import xyz.pura.router.ComplexityFeatures;

/**
 * The points each feature adds to the complexity score (ROUTING.md has the table). Length grows
 * logarithmically; marker counts are capped so that repetition cannot run away; "simple task"
 * markers only lower the score of short requests (under 300 estimated tokens) that declare no tools.
 */
public final class ComplexityPoints {
    private ComplexityPoints() {
    }

    static final int LAST = 13;
    private static final String[] NAMES = {
        "length", "codeBlocks", "strongReasoning", "reasoning", "math", "codeTerms", "compose", "explain",
        "simple", "turns", "systemPrompt", "tools", "maxOutput", "images",
    };

    /** The complexity score: the sum of {@link #points}. */
    public static double total(ComplexityFeatures f) {
        double sum = 0;
        for (int i = 0; i <= LAST; i++) {
            sum += points(f, i);
        }
        return sum;
    }

    /** Non-zero points by feature name, in a fixed order. */
    public static Map<String, Double> contributions(ComplexityFeatures f) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i <= LAST; i++) {
            double p = points(f, i);
            if (p != 0) {
                out.put(NAMES[i], Math.round(p * 10) / 10.0);
            }
        }
        return out;
    }

    /** The index of the feature that added the most points, for one-line reasons. */
    static String topFeature(ComplexityFeatures f) {
        int best = 0;
        for (int i = 1; i <= LAST; i++) {
            if (points(f, i) > points(f, best)) {
                best = i;
            }
        }
        return NAMES[best];
    }

    static double points(ComplexityFeatures f, int feature) {
        return switch (feature) {
            case 0 -> 4.0 * log2(1.0 + f.estimatedTokens() / 64.0);
            case 1 -> f.codeBlocks() == 0 ? 0 : Math.min(14, 8 + 3 * (f.codeBlocks() - 1));
            case 2 -> Math.min(40, 20 * f.strongReasoning());
            case 3 -> Math.min(24, 8 * f.reasoning());
            case 4 -> Math.min(15, 5 * f.math());
            case 5 -> Math.min(8, 4 * f.codeTerms());
            case 6 -> Math.min(10, 10 * f.compose());
            case 7 -> Math.min(8, 4 * f.explain());
            case 8 -> f.estimatedTokens() < 300 && !f.tools() ? -Math.min(12, 6 * f.simple()) : 0;
            case 9 -> Math.min(15, 1.5 * Math.max(0, f.messages() - 2));
            case 10 -> Math.min(8, f.systemChars() / 100.0);
            case 11 -> f.tools() ? 12 : 0;
            case 12 -> maxOutput(f.maxOutputTokens());
            case 13 -> Math.min(16, 8 * f.images());
            default -> throw new IllegalArgumentException("no feature " + feature);
        };
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
