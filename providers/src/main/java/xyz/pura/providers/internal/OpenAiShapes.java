package xyz.pura.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import xyz.pura.events.Json;
import xyz.pura.providers.ChatResult;

/** Builders of OpenAI's response shapes, for the providers that translate another wire format into them. */
public final class OpenAiShapes {
    private OpenAiShapes() {
    }

    /** A {@code chat.completion} with an empty {@code choices} array. */
    public static ObjectNode completion(String id, String model, long created) {
        ObjectNode c = Json.mapper().createObjectNode();
        c.put("id", id).put("object", "chat.completion").put("created", created).put("model", model);
        c.putArray("choices");
        return c;
    }

    /** A function tool call as OpenAI writes it in a message (arguments as a JSON string). */
    public static ObjectNode toolCall(String id, String name, String arguments) {
        ObjectNode call = Json.mapper().createObjectNode();
        call.put("id", id).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments);
        return call;
    }

    /**
     * OpenAI's usage object. {@code prompt_tokens} includes the cached tokens, as OpenAI counts them;
     * the details objects appear only for the counts the provider reported.
     */
    public static ObjectNode usage(ChatResult.Usage usage) {
        ObjectNode u = Json.mapper().createObjectNode();
        int prompt = usage.inputTokens() == null ? 0 : usage.inputTokens();
        int completion = usage.outputTokens() == null ? 0 : usage.outputTokens();
        u.put("prompt_tokens", prompt).put("completion_tokens", completion).put("total_tokens", prompt + completion);
        if (usage.cachedInputTokens() != null) {
            u.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedInputTokens());
        }
        if (usage.reasoningTokens() != null) {
            u.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        }
        return u;
    }

    /** Every piece of generated text and tool-call name/arguments of a completion, for the token estimate. */
    public static String outputText(ObjectNode completion) {
        StringBuilder text = new StringBuilder();
        for (JsonNode choice : completion.path("choices")) {
            JsonNode message = choice.path("message");
            if (message.path("content").isTextual()) {
                text.append(message.path("content").asText());
            }
            if (message.path("tool_calls") instanceof ArrayNode calls) {
                for (JsonNode call : calls) {
                    text.append(call.path("function").path("name").asText(""));
                    text.append(call.path("function").path("arguments").asText(""));
                }
            }
        }
        return text.toString();
    }

    /** The finish reason of the first choice that has one, or null. */
    public static String firstFinishReason(ObjectNode completion) {
        for (JsonNode choice : completion.path("choices")) {
            if (choice.path("finish_reason").isTextual()) {
                return choice.path("finish_reason").asText();
            }
        }
        return null;
    }

    /** Adds two counts of which either may be absent; null only when both are. */
    public static Integer sum(Integer a, Integer b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + b;
    }

    public static Integer intOrNull(JsonNode n) {
        return n != null && n.canConvertToInt() ? n.intValue() : null;
    }
}
