package xyz.pura.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * Gemini's thinking controls per model, as its API checks them ({@code generationConfig.thinkingConfig}):
 *
 * <ul>
 *   <li>{@code thinkingLevel} only on Gemini 3: 3 Pro low and high, other 3.x Pro low, medium and high, 3 Flash
 *       minimal, low, medium and high; any other value, or a level on another model, is refused;</li>
 *   <li>{@code thinkingBudget} in tokens, -1 for dynamic: 2.5 Pro 128 to 32,768, 2.5 Flash 0 to 24,576, 2.5
 *       Flash-Lite 0 or 512 to 24,576, Gemini 3 up to 32,768 (kept for backward compatibility); 0 is refused where the
 *       model only works in thinking mode (2.5 Pro, Gemini 3);</li>
 *   <li>a level and a budget together are refused; models that do not think refuse either.</li>
 * </ul>
 */
final class GeminiThinking {
    private static final List<String> LEVELS = List.of("minimal", "low", "medium", "high");

    private GeminiThinking() {
    }

    /** The refusal of a request's thinkingConfig on {@code model}, or null when the model takes it. */
    static String refusal(JsonNode body, String model) {
        JsonNode thinking = body.path("generationConfig").path("thinkingConfig");
        JsonNode budget = thinking.get("thinkingBudget");
        JsonNode level = thinking.get("thinkingLevel");
        String m = model.toLowerCase(Locale.ROOT);
        if (budget != null && level != null) {
            return "thinking_budget and thinking_level cannot both be set; use one of them.";
        }
        if (level != null) {
            String l = level.asText("").toLowerCase(Locale.ROOT);
            if (!LEVELS.contains(l)) {
                return "Invalid value at 'generation_config.thinking_config.thinking_level', \"" + level.asText() + "\"";
            }
            if (!m.startsWith("gemini-3")) {
                return "Thinking level is not supported for this model.";
            }
            if (!levels(m).contains(l)) {
                return "Thinking level " + l.toUpperCase(Locale.ROOT) + " is not supported for this model. Supported levels: "
                        + levels(m) + ".";
            }
            return null;
        }
        if (budget == null) {
            return null;
        }
        if (!budget.canConvertToInt()) {
            return "Invalid value at 'generation_config.thinking_config.thinking_budget' (TYPE_INT32), " + budget;
        }
        int b = budget.intValue();
        if (!canThink(m)) {
            return b == 0 ? null : "Thinking is not supported by this model.";
        }
        if (b == 0 && Reasoning.geminiAlwaysThinks(m)) {
            return "Budget 0 is invalid. This model only works in thinking mode.";
        }
        int[] range = budgetRange(m);
        if (b != -1 && b != 0 && (b < range[0] || b > range[1])) {
            return "The thinking budget " + b + " is invalid. Please choose a value between " + range[0] + " and " + range[1]
                    + ", or -1 for dynamic thinking.";
        }
        return null;
    }

    /** Whether the request leaves the model thinking (its default, unless a budget of 0 turns it off). */
    static boolean thinks(JsonNode body, String model) {
        JsonNode budget = body.path("generationConfig").path("thinkingConfig").get("thinkingBudget");
        return budget != null && budget.canConvertToInt() ? budget.intValue() != 0 : Reasoning.geminiThinksByDefault(model);
    }

    /** The effort a request's thinking config stands for, in {@link Reasoning#tokens}' terms. */
    static String effort(JsonNode body) {
        String level = body.path("generationConfig").path("thinkingConfig").path("thinkingLevel").asText("high")
                .toLowerCase(Locale.ROOT);
        return switch (level) {
            case "minimal", "low" -> level;
            default -> "medium";
        };
    }

    /** Whether a model can think at all (1.x, 2.0 and Gemma cannot). */
    private static boolean canThink(String m) {
        return !(m.startsWith("gemini-1") || m.startsWith("gemini-2.0") || m.startsWith("gemma") || m.startsWith("learnlm"));
    }

    private static List<String> levels(String m) {
        if (m.startsWith("gemini-3-pro")) {
            return List.of("low", "high");
        }
        return m.contains("-pro") ? List.of("low", "medium", "high") : LEVELS;
    }

    /** The smallest and largest positive budget a thinking model takes. */
    private static int[] budgetRange(String m) {
        if (m.startsWith("gemini-2.5-pro")) {
            return new int[] {128, 32768};
        }
        if (m.startsWith("gemini-2.5-flash-lite")) {
            return new int[] {512, 24576};
        }
        if (m.startsWith("gemini-2.5")) {
            return new int[] {1, 24576};
        }
        return new int[] {1, 32768};
    }
}
