package xyz.pura.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Anthropic's Messages API refuses with a 400 invalid_request_error, checked as the real API checks it, so that a
 * translation the real API would refuse fails against the simulator too instead of passing until production:
 * <ul>
 *   <li>{@code max_tokens} of at least 1, at least one message, roles only {@code user} and {@code assistant}
 *       (consecutive turns of one role are allowed: the API combines them, and the first turn need not be the user's);</li>
 *   <li>temperature and top_p between 0 and 1, and not both on the models that refuse the pair (Claude Opus 4.1 and
 *       the 4.5 generation on);</li>
 *   <li>no empty or whitespace-only stop sequence;</li>
 *   <li>{@code cache_control} only {@code {"type":"ephemeral"}} with an optional ttl of 5m or 1h, on at most 4 blocks,
 *       the 1-hour ones before the 5-minute ones (tools, then system, then messages);</li>
 *   <li>thinking: a budget of at least 1,024 below {@code max_tokens}, on a model that thinks, with temperature unset
 *       or 1, top_p unset or from 0.95 to 1, no top_k and no tool_choice that forces tool use;</li>
 *   <li>the content blocks and thinking blocks with their signatures ({@link AnthropicBlocks});</li>
 *   <li>every tool_use of an assistant turn answered by a tool_result in the next (user) turn, and every tool_result
 *       answering a tool_use of the turn before.</li>
 * </ul>
 */
final class AnthropicValidation {
    private static final Pattern FAMILY = Pattern.compile("claude-(?:opus|sonnet|haiku)-(\\d+)(?:-(\\d{1,2})(?!\\d))?");

    private AnthropicValidation() {
    }

    /** @return Anthropic's message for the first problem of the request, or null when it would be accepted */
    static String refusal(JsonNode body) {
        String model = body.path("model").asText();
        if (body.path("max_tokens").intValue() < 1) {
            return "max_tokens: Input should be greater than or equal to 1";
        }
        JsonNode messages = body.path("messages");
        if (messages.isEmpty()) {
            return "messages: at least one message is required";
        }
        for (int i = 0; i < messages.size(); i++) {
            String role = messages.get(i).path("role").asText();
            if (!role.equals("user") && !role.equals("assistant")) {
                return "messages." + i + ".role: Input should be 'user' or 'assistant'";
            }
        }
        String sampling = sampling(body, model);
        if (sampling != null) {
            return sampling;
        }
        for (JsonNode stop : body.path("stop_sequences")) {
            if (stop.asText("").isBlank()) {
                return "stop_sequences: each stop sequence must contain non-whitespace";
            }
        }
        String cache = cacheControl(body);
        if (cache != null) {
            return cache;
        }
        String thinking = thinking(body, model);
        if (thinking != null) {
            return thinking;
        }
        String blocks = AnthropicBlocks.refusal(body);
        return blocks != null ? blocks : toolPairs(messages);
    }

    /** Whether the model refuses temperature and top_p together: Opus 4.1, every 4.5 model, and later generations. */
    static boolean refusesTemperatureWithTopP(String model) {
        Matcher m = FAMILY.matcher(model.toLowerCase(Locale.ROOT));
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        return major > 4 || major == 4 && minor >= 1;
    }

    /** Whether the model has extended thinking: Claude 3.7 Sonnet and every generation from 4 on. */
    static boolean thinks(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        Matcher family = FAMILY.matcher(m);
        return m.contains("claude-3-7-sonnet") || family.find() && Integer.parseInt(family.group(1)) >= 4;
    }

    private static String sampling(JsonNode body, String model) {
        for (String field : List.of("temperature", "top_p")) {
            JsonNode v = body.get(field);
            if (v != null && !v.isNull() && (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1)) {
                return field + ": Input should be less than or equal to 1";
            }
        }
        if (body.hasNonNull("temperature") && body.hasNonNull("top_p") && refusesTemperatureWithTopP(model)) {
            return "`temperature` and `top_p` cannot both be specified for this model. Please use only one.";
        }
        return null;
    }

    private static String cacheControl(JsonNode body) {
        List<JsonNode> marks = new ArrayList<>();
        collect(body.get("tools"), marks);
        collect(body.get("system"), marks);
        for (JsonNode m : body.path("messages")) {
            collect(m.get("content"), marks);
        }
        boolean shortSeen = false;
        for (JsonNode cc : marks) {
            String ttl = cc.path("ttl").asText("5m");
            if (!"ephemeral".equals(cc.path("type").asText()) || !(ttl.equals("5m") || ttl.equals("1h"))) {
                return "cache_control: Input tag '" + cc.path("type").asText() + "' found using 'type' does not match"
                        + " the expected tag 'ephemeral', or ttl is not '5m' or '1h'";
            }
            if (ttl.equals("1h") && shortSeen) {
                return "a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block";
            }
            shortSeen |= ttl.equals("5m");
        }
        if (marks.size() > 4) {
            return "A maximum of 4 blocks with cache_control may be provided. Found " + marks.size() + ".";
        }
        return null;
    }

    private static void collect(JsonNode blocks, List<JsonNode> marks) {
        if (blocks == null || !blocks.isArray()) {
            return;
        }
        for (JsonNode b : blocks) {
            if (b.hasNonNull("cache_control")) {
                marks.add(b.get("cache_control"));
            }
            collect(b.get("content"), marks); // the blocks of a tool_result
        }
    }

    private static String thinking(JsonNode body, String model) {
        JsonNode thinking = body.get("thinking");
        if (thinking == null || !"enabled".equals(thinking.path("type").asText())) {
            return null;
        }
        JsonNode budget = thinking.get("budget_tokens");
        if (budget == null || !budget.canConvertToInt()) {
            return "thinking.enabled.budget_tokens: Field required";
        }
        if (!thinks(model)) {
            return "'claude' models before 3.7 Sonnet do not support extended thinking: " + model;
        }
        if (budget.intValue() < 1024) {
            return "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024";
        }
        if (body.path("max_tokens").intValue() <= budget.intValue()) {
            return "`max_tokens` must be greater than `thinking.budget_tokens`.";
        }
        if (body.hasNonNull("temperature") && body.path("temperature").asDouble() != 1.0) {
            return "`temperature` may only be set to 1 when thinking is enabled or in interleaved thinking mode.";
        }
        if (body.hasNonNull("top_p") && body.path("top_p").asDouble() < 0.95) {
            return "`top_p` must be greater than or equal to 0.95 or unset when thinking is enabled.";
        }
        if (body.hasNonNull("top_k")) {
            return "`top_k` must be unset when thinking is enabled.";
        }
        String choice = body.path("tool_choice").path("type").asText("");
        if (choice.equals("any") || choice.equals("tool")) {
            return "Thinking may not be enabled when tool_choice forces tool use.";
        }
        return null;
    }

    /** The tool_use / tool_result pairing, over turns as the API sees them (consecutive same-role messages combined). */
    private static String toolPairs(JsonNode messages) {
        List<String> roles = new ArrayList<>();
        List<List<JsonNode>> turns = new ArrayList<>();
        List<Integer> firstIndex = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            String role = messages.get(i).path("role").asText();
            if (roles.isEmpty() || !roles.get(roles.size() - 1).equals(role)) {
                roles.add(role);
                turns.add(new ArrayList<>());
                firstIndex.add(i);
            }
            messages.get(i).path("content").forEach(turns.get(turns.size() - 1)::add);
        }
        for (int t = 0; t < turns.size(); t++) {
            Set<String> asked = ids(t > 0 && roles.get(t).equals("user") ? turns.get(t - 1) : List.of(), "tool_use", "id");
            Set<String> answered = ids(turns.get(t), "tool_result", "tool_use_id");
            if (roles.get(t).equals("user") && !asked.containsAll(answered)) {
                answered.removeAll(asked);
                return "messages." + firstIndex.get(t) + ": unexpected `tool_use_id` found in `tool_result` blocks: "
                        + String.join(", ", answered) + ". Each `tool_result` block must have a corresponding `tool_use`"
                        + " block in the previous message.";
            }
            if (roles.get(t).equals("assistant")) {
                Set<String> calls = ids(turns.get(t), "tool_use", "id");
                if (!calls.isEmpty()) {
                    Set<String> next = t + 1 < turns.size() ? ids(turns.get(t + 1), "tool_result", "tool_use_id") : Set.of();
                    calls.removeAll(next);
                    if (!calls.isEmpty() && t + 1 < turns.size()) {
                        return "messages." + firstIndex.get(t) + ": `tool_use` ids were found without `tool_result` blocks"
                                + " immediately after: " + String.join(", ", calls) + ". Each `tool_use` block must have a"
                                + " corresponding `tool_result` block in the next message.";
                    }
                }
            }
        }
        return null;
    }

    private static Set<String> ids(List<JsonNode> blocks, String type, String field) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode b : blocks) {
            if (type.equals(b.path("type").asText())) {
                out.add(b.path(field).asText());
            }
        }
        return out;
    }
}
