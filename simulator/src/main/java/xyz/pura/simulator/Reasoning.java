package xyz.pura.simulator;

import java.util.Locale;

/**
 * How many tokens a simulated reasoning model spends thinking: deterministic, growing with the requested effort
 * and the length of the visible answer, and never above the caller's budget. Which models reason by default is the
 * providers' rule: OpenAI's o-series and gpt-5 family (effort {@code medium} unless {@code reasoning_effort} says
 * otherwise), Gemini 2.5 Pro and Flash and the Gemini 3 models (dynamic thinking unless {@code thinkingBudget} is 0,
 * which 2.5 Pro and Gemini 3 refuse), Claude only when the request enables {@code thinking}.
 */
final class Reasoning {
    private Reasoning() {
    }

    /** Tokens spent thinking at an effort ({@code minimal}, {@code low}, {@code medium}, {@code high}). */
    static int tokens(String effort, int visibleTokens) {
        return switch (effort == null ? "medium" : effort.toLowerCase(Locale.ROOT)) {
            case "none", "minimal" -> 0;
            case "low" -> 16 + 2 * visibleTokens;
            case "high" -> 256 + 16 * visibleTokens;
            default -> 64 + 6 * visibleTokens;
        };
    }

    /** Whether an OpenAI model reasons (and reports {@code completion_tokens_details.reasoning_tokens}). */
    static boolean openAiReasons(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        return (m.startsWith("o1") || m.startsWith("o3") || m.startsWith("o4") || m.startsWith("gpt-5"))
                && !m.startsWith("gpt-5-chat");
    }

    /** Whether a Gemini model thinks unless told not to. */
    static boolean geminiThinksByDefault(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        return m.startsWith("gemini-3") || (m.startsWith("gemini-2.5") && !m.contains("flash-lite"));
    }

    /** Whether a Gemini model cannot turn thinking off ({@code thinkingBudget: 0} is refused). */
    static boolean geminiAlwaysThinks(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        return m.startsWith("gemini-3") || m.startsWith("gemini-2.5-pro");
    }
}
