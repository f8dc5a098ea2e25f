package xyz.pura.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What OpenAI's chat completions API refuses with 400 {@code invalid_request_error} before it generates anything, and,
 * for Groq, what its OpenAI compatibility refuses on top: {@code logprobs}, {@code top_logprobs}, {@code logit_bias}
 * and {@code messages[].name} whenever they are supplied, and {@code n} other than 1. The messages are modelled on the
 * real ones; callers should read {@code param} and {@code code}, not the wording.
 */
final class OpenAiRules {
    private static final List<String> ROLES = List.of("system", "assistant", "user", "function", "tool", "developer");
    private static final List<String> GROQ_UNSUPPORTED = List.of("logprobs", "top_logprobs", "logit_bias");

    /** One refusal: OpenAI's {@code error.message}, {@code error.param} and {@code error.code} (either may be null). */
    record Problem(String message, String param, String code) {
    }

    private OpenAiRules() {
    }

    /** The first problem of {@code body} for this provider ("openai" or "groq"), or null when it is acceptable. */
    static Problem check(JsonNode body, String provider) {
        if (!body.path("model").isTextual() || body.path("model").asText().isEmpty()) {
            return new Problem("you must provide a model parameter", null, null);
        }
        Problem p = messages(body.get("messages"), provider.equals("groq"));
        if (p == null) {
            p = range(body, "temperature", 2);
        }
        if (p == null) {
            p = range(body, "top_p", 1);
        }
        if (p == null && provider.equals("groq")) {
            p = groq(body);
        }
        return p;
    }

    private static Problem messages(JsonNode messages, boolean groq) {
        if (messages == null || messages.isNull()) {
            return new Problem("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        }
        if (!messages.isArray()) {
            return new Problem("Invalid type for 'messages': expected an array, but got " + type(messages) + " instead.",
                    "messages", "invalid_type");
        }
        if (messages.isEmpty()) {
            return new Problem("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
                    "messages", "empty_array");
        }
        Set<String> unanswered = new LinkedHashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String param = "messages[" + i + "]";
            if (!m.isObject()) {
                return new Problem("Invalid type for '" + param + "': expected an object, but got " + type(m) + " instead.",
                        param, "invalid_type");
            }
            if (!m.path("role").isTextual()) {
                return new Problem("Missing required parameter: '" + param + ".role'.", param + ".role", "missing_required_parameter");
            }
            String role = m.path("role").asText();
            if (!ROLES.contains(role)) {
                return new Problem("Invalid value: '" + role + "'. Supported values are: 'system', 'assistant', 'user', "
                        + "'function', 'tool', and 'developer'.", param + ".role", "invalid_value");
            }
            if (groq && m.has("name")) {
                return new Problem("'messages." + i + "' : for 'role:" + role + "' the following must be satisfied[('messages."
                        + i + ".name' : property 'name' is unsupported)]", param + ".name", null);
            }
            if (role.equals("tool")) {
                String id = m.path("tool_call_id").asText(null);
                if (!m.path("tool_call_id").isTextual()) {
                    return new Problem("Missing required parameter: '" + param + ".tool_call_id'.", param + ".tool_call_id",
                            "missing_required_parameter");
                }
                if (!unanswered.remove(id)) {
                    return new Problem("Invalid parameter: messages with role 'tool' must be a response to a preceding message "
                            + "with 'tool_calls'.", "messages.[" + i + "].role", null);
                }
                continue;
            }
            if ((role.equals("user") || role.equals("assistant")) && !unanswered.isEmpty()) {
                return unanswered(unanswered, i);
            }
            if (role.equals("assistant")) {
                for (JsonNode call : m.path("tool_calls")) {
                    unanswered.add(call.path("id").asText());
                }
            }
        }
        return unanswered.isEmpty() ? null : unanswered(unanswered, messages.size());
    }

    private static Problem unanswered(Set<String> ids, int at) {
        return new Problem("An assistant message with 'tool_calls' must be followed by tool messages responding to each "
                + "'tool_call_id'. The following tool_call_ids did not have response messages: " + String.join(", ", ids),
                "messages.[" + at + "].role", null);
    }

    private static Problem range(JsonNode body, String field, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            return new Problem("Invalid type for '" + field + "': expected a decimal, but got " + type(v) + " instead.",
                    field, "invalid_type");
        }
        if (v.doubleValue() < 0) {
            return new Problem("Invalid '" + field + "': decimal below minimum value. Expected a value >= 0, but got "
                    + v.asText() + " instead.", field, "decimal_below_min_value");
        }
        if (v.doubleValue() > max) {
            return new Problem("Invalid '" + field + "': decimal above maximum value. Expected a value <= " + max + ", but got "
                    + v.asText() + " instead.", field, "decimal_above_max_value");
        }
        return null;
    }

    private static Problem groq(JsonNode body) {
        for (String field : GROQ_UNSUPPORTED) {
            if (body.has(field)) {
                return new Problem("property '" + field + "' is unsupported", field, null);
            }
        }
        Problem cached = cacheControl(body);
        if (cached != null) {
            return cached;
        }
        JsonNode n = body.get("n");
        if (n != null && !(n.isIntegralNumber() && n.intValue() == 1)) {
            return new Problem("'n' : number must be at most 1", "n", null);
        }
        return null;
    }

    /** Anthropic's prompt-cache marks are not part of Groq's schema, on a message, a content part or a tool. */
    private static Problem cacheControl(JsonNode body) {
        JsonNode messages = body.path("messages");
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (m.has("cache_control")) {
                return new Problem("'messages." + i + "' : property 'cache_control' is unsupported", "messages[" + i + "].cache_control", null);
            }
            JsonNode content = m.path("content");
            for (int j = 0; j < content.size(); j++) {
                if (content.get(j).has("cache_control")) {
                    return new Problem("'messages." + i + ".content." + j + "' : property 'cache_control' is unsupported",
                            "messages[" + i + "].content[" + j + "].cache_control", null);
                }
            }
        }
        JsonNode tools = body.path("tools");
        for (int i = 0; i < tools.size(); i++) {
            if (tools.get(i).has("cache_control")) {
                return new Problem("'tools." + i + "' : property 'cache_control' is unsupported", "tools[" + i + "].cache_control", null);
            }
        }
        return null;
    }

    private static String type(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "an unknown type";
        };
    }
}
