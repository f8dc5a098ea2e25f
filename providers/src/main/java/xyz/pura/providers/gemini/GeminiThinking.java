package xyz.pura.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import xyz.pura.events.Json;
import xyz.pura.events.chat.InvalidRequestException;

/**
 * OpenAI's {@code reasoning_effort} (none, minimal, low, medium, high) as Gemini's
 * {@code generationConfig.thinkingConfig}, in each model family's own control:
 *
 * <ul>
 *   <li>Gemini 3 takes {@code thinkingLevel}: 3 Pro low and high, other 3.x Pro low, medium and high, 3 Flash all of
 *       minimal, low, medium and high. An effort the model lacks becomes the next level up that it has (medium is
 *       high on 3 Pro, minimal is low), so a client never gets less thinking than it asked for by our rounding;</li>
 *   <li>Gemini 2.5 takes {@code thinkingBudget} in tokens: low 1,024, medium 8,192 and high 24,576, as Google's own
 *       OpenAI-compatibility layer maps them (within every 2.5 model's range); minimal is the model's smallest budget
 *       (128 on 2.5 Pro, 512 on Flash and Flash-Lite); none is budget 0;</li>
 *   <li>a model name of neither family (an alias) gets the budget too, which Gemini 3 also accepts;</li>
 *   <li>models that do not think (1.x, 2.0, Gemma) get no thinkingConfig at all: they would refuse one, and a request
 *       that wanted reasoning is still answered, as by any non-reasoning model.</li>
 * </ul>
 * {@code none} cannot be honoured by 2.5 Pro and Gemini 3, which refuse {@code thinkingBudget: 0} (they only work in
 * thinking mode): that is refused here with a 400 naming {@code reasoning_effort}, rather than billing reasoning the
 * client asked not to have.
 */
final class GeminiThinking {
    private static final List<String> EFFORTS = List.of("none", "minimal", "low", "medium", "high");
    private static final List<String> LEVELS = List.of("minimal", "low", "medium", "high");

    private GeminiThinking() {
    }

    /** @return the thinkingConfig for {@code effort} on {@code model}, or null when nothing is to be sent */
    static ObjectNode config(JsonNode effort, String model) {
        if (effort == null || effort.isNull()) {
            return null;
        }
        String e = effort.isTextual() ? effort.asText().toLowerCase(Locale.ROOT) : "";
        if (!EFFORTS.contains(e)) {
            throw new InvalidRequestException("Invalid value for 'reasoning_effort': " + effort
                    + ". Supported values are: 'none', 'minimal', 'low', 'medium' and 'high'.", "reasoning_effort");
        }
        String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
        if (!thinks(m)) {
            return null;
        }
        if (e.equals("none") && alwaysThinks(m)) {
            throw new InvalidRequestException("'reasoning_effort' none cannot be honoured: " + model
                    + " only works in thinking mode. Use 'minimal' or 'low' for the least thinking it allows.", "reasoning_effort");
        }
        ObjectNode config = Json.mapper().createObjectNode();
        if (m.startsWith("gemini-3")) {
            config.put("thinkingLevel", level(e, levels(m)));
        } else {
            config.put("thinkingBudget", budget(e, m));
        }
        return config;
    }

    private static boolean thinks(String m) {
        return !(m.startsWith("gemini-1") || m.startsWith("gemini-2.0") || m.startsWith("gemma") || m.startsWith("learnlm"));
    }

    private static boolean alwaysThinks(String m) {
        return m.startsWith("gemini-3") || m.startsWith("gemini-2.5-pro");
    }

    /** The thinking levels a Gemini 3 model accepts, lowest first. */
    private static List<String> levels(String m) {
        if (m.startsWith("gemini-3-pro")) {
            return List.of("low", "high");
        }
        if (m.contains("-pro")) {
            return List.of("low", "medium", "high");
        }
        return LEVELS;
    }

    /** The wanted level if the model has it, else the next one up that it has (the highest when none is above). */
    private static String level(String effort, List<String> supported) {
        for (String l : LEVELS.subList(LEVELS.indexOf(effort), LEVELS.size())) {
            if (supported.contains(l)) {
                return l;
            }
        }
        return supported.get(supported.size() - 1);
    }

    private static int budget(String effort, String m) {
        return switch (effort) {
            case "none" -> 0;
            case "minimal" -> m.startsWith("gemini-2.5-pro") ? 128 : 512;
            case "low" -> 1024;
            case "medium" -> 8192;
            default -> 24576;
        };
    }
}
