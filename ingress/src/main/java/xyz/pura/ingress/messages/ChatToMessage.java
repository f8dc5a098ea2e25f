package xyz.pura.ingress.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import xyz.pura.events.Json;

/**
 * An OpenAI chat completion (from a provider other than Anthropic) as an Anthropic Message: the text as a text
 * block, each tool call as a {@code tool_use} block (its JSON arguments as {@code input}), the finish reason as
 * {@code stop_reason} ({@link #stopReason}), the usage split as Anthropic reports it (uncached input, cache reads,
 * output) and the {@code pura} object kept. A model's {@code reasoning_content} is left out: a thinking block needs
 * Anthropic's signature, and one without it would make the next turn fail if Claude served it.
 */
public final class ChatToMessage {
    private ChatToMessage() {
    }

    public static ObjectNode message(ObjectNode completion) {
        JsonNode pura = completion.get("pura");
        JsonNode choice = completion.path("choices").path(0);
        JsonNode msg = choice.path("message");
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("id", messageId(pura == null ? null : pura.path("requestId").asText(null), completion.path("id").asText("")));
        out.put("type", "message").put("role", "assistant");
        ArrayNode content = out.putArray("content");
        String text = msg.path("content").asText("");
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        for (JsonNode call : msg.path("tool_calls")) {
            ObjectNode use = content.addObject().put("type", "tool_use").put("id", call.path("id").asText(""))
                    .put("name", call.path("function").path("name").asText(""));
            use.set("input", input(call.path("function").path("arguments").asText("")));
        }
        out.put("model", completion.path("model").asText(""));
        out.put("stop_reason", stopReason(choice.path("finish_reason").asText(null)));
        out.putNull("stop_sequence");
        out.set("usage", usage(completion.get("usage"), pura));
        if (pura != null) {
            out.set("pura", pura);
        }
        return out;
    }

    /** {@code msg_} and the gateway's request id (or the completion's id when it has none). */
    static String messageId(String requestId, String fallback) {
        return "msg_" + (requestId != null ? requestId : fallback.replaceFirst("^chatcmpl-", ""));
    }

    /** OpenAI's finish reason as Anthropic's stop reason: tool_calls is tool_use, length max_tokens, else end_turn. */
    static String stopReason(String finish) {
        if (finish == null) {
            return "end_turn";
        }
        return switch (finish) {
            case "tool_calls", "function_call" -> "tool_use";
            case "length" -> "max_tokens";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }

    /**
     * Anthropic's usage from OpenAI's: {@code input_tokens} is the uncached input (prompt minus cached), the cached part
     * is {@code cache_read_input_tokens}; without a usage report, the gateway's own counts from {@code pura}.
     */
    static ObjectNode usage(JsonNode usage, JsonNode pura) {
        int prompt;
        int cached = 0;
        int output;
        if (usage != null && usage.isObject() && usage.has("prompt_tokens")) {
            prompt = usage.path("prompt_tokens").asInt(0);
            cached = usage.path("prompt_tokens_details").path("cached_tokens").asInt(0);
            output = usage.path("completion_tokens").asInt(0);
        } else {
            prompt = pura == null ? 0 : pura.path("inputTokens").asInt(0);
            output = pura == null ? 0 : pura.path("outputTokens").asInt(0);
        }
        return Json.mapper().createObjectNode().put("input_tokens", Math.max(0, prompt - cached))
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", cached).put("output_tokens", output);
    }

    /** A tool call's arguments as the tool_use block's input object ({@code {}} when they are not a JSON object). */
    static JsonNode input(String arguments) {
        try {
            JsonNode parsed = arguments.isBlank() ? null : Json.mapper().readTree(arguments);
            return parsed != null && parsed.isObject() ? parsed : Json.mapper().createObjectNode();
        } catch (IOException notJson) {
            return Json.mapper().createObjectNode();
        }
    }
}
