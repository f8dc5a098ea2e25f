package xyz.pura.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import xyz.pura.events.chat.InvalidRequestException;

/**
 * OpenAI's {@code reasoning_effort} as Anthropic's extended thinking, {@code thinking: {type: "enabled",
 * budget_tokens}}, for the models that think (Claude 3.7 Sonnet and every Claude 4 and later); other Claude models
 * ignore the effort, as they did before. The budget per effort:
 * <ul>
 *   <li>{@code minimal} (and {@code none}): no thinking;</li>
 *   <li>{@code low}: {@value #LOW} tokens (Anthropic's minimum budget);</li>
 *   <li>{@code medium}: {@value #MEDIUM} tokens;</li>
 *   <li>{@code high}: {@value #HIGH} tokens.</li>
 * </ul>
 * Anthropic's rules for a thinking request are kept here, because each one is a 400 otherwise:
 * <ul>
 *   <li>{@code max_tokens} must exceed the budget (thinking counts in it, as reasoning counts in OpenAI's
 *       max_completion_tokens): a limit above the budget is kept; a limit at or below it is raised to budget + limit,
 *       so that the caller's limit is still the room left for the visible answer; no limit gives budget + the
 *       mapper's default limit;</li>
 *   <li>temperature may only be 1 and top_p only 0.95 to 1: both are dropped (Anthropic's defaults);</li>
 *   <li>a tool_choice that forces tool use ({@code required} or a named function) cannot think: the forced choice is
 *       what the caller's program depends on, so thinking is left off;</li>
 *   <li>a conversation whose last assistant turn called tools must carry that turn's signed thinking block, which
 *       OpenAI's format cannot carry back: thinking is left off for it too.</li>
 * </ul>
 */
final class AnthropicThinking {
    static final int LOW = 1024;
    static final int MEDIUM = 4096;
    static final int HIGH = 16384;
    /** claude-opus-4-1, claude-sonnet-4-5-20250929, claude-haiku-4-5; the generation is the first number. */
    private static final Pattern NAMED_FAMILY = Pattern.compile("claude-(?:opus|sonnet|haiku)-(\\d+)");

    private AnthropicThinking() {
    }

    /** @return the thinking budget asked for by {@code reasoning_effort}, or null for no thinking */
    static Integer budget(JsonNode effort) {
        if (effort == null || effort.isNull()) {
            return null;
        }
        String e = effort.isTextual() ? effort.asText() : "";
        return switch (e) {
            case "minimal", "none" -> null;
            case "low" -> LOW;
            case "medium" -> MEDIUM;
            case "high" -> HIGH;
            default -> throw new InvalidRequestException("Invalid value for 'reasoning_effort': '" + effort.asText()
                    + "'. Supported values are: 'minimal', 'low', 'medium' and 'high'.", "reasoning_effort");
        };
    }

    /** Whether a Claude model has extended thinking: 3.7 Sonnet, and every generation from 4 on. */
    static boolean supported(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        if (m.contains("claude-3-7-sonnet")) {
            return true;
        }
        Matcher named = NAMED_FAMILY.matcher(m);
        return named.find() && Integer.parseInt(named.group(1)) >= 4;
    }

    /**
     * Enables thinking on a translated request when it was asked for and can be had (see the class comment).
     *
     * @param requestedMax the caller's output limit, or null
     * @param defaultMax the limit sent when the caller set none
     */
    static void apply(ObjectNode in, ObjectNode out, String model, Integer requestedMax, int defaultMax) {
        Integer budget = budget(in.get("reasoning_effort"));
        if (budget == null || !supported(model) || forcesToolUse(out) || lastAssistantCalledTools(out)) {
            return;
        }
        int max = requestedMax == null ? budget + defaultMax
                : requestedMax > budget ? requestedMax : budget + requestedMax;
        out.put("max_tokens", max);
        out.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
        out.remove("temperature");
        out.remove("top_p");
    }

    private static boolean forcesToolUse(ObjectNode out) {
        String type = out.path("tool_choice").path("type").asText("");
        return type.equals("any") || type.equals("tool");
    }

    private static boolean lastAssistantCalledTools(ObjectNode out) {
        JsonNode messages = out.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("assistant".equals(messages.get(i).path("role").asText())) {
                for (JsonNode block : messages.get(i).path("content")) {
                    if ("tool_use".equals(block.path("type").asText())) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }
}
