package xyz.pura.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import xyz.pura.events.Json;
import xyz.pura.events.chat.ChatMessage;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.InvalidRequestException;
import xyz.pura.providers.UpstreamRequest;
import xyz.pura.providers.internal.MergedTurns;
import xyz.pura.providers.internal.ChatParts;

/**
 * OpenAI chat request to Anthropic Messages request. What cannot be translated is refused with
 * {@link InvalidRequestException} before anything is sent.
 *
 * <ul>
 *   <li>system and developer messages, wherever they are, join (blank line between) into {@code system};</li>
 *   <li>{@code max_tokens} is always set: max_completion_tokens, else max_tokens, else {@value #DEFAULT_MAX_TOKENS};</li>
 *   <li>tool results become {@code tool_result} blocks of a user turn, and consecutive turns of one role merge;</li>
 *   <li>temperature above Anthropic's maximum of 1 is clamped to 1 (OpenAI allows up to 2);</li>
 *   <li>{@code n > 1} is refused (Anthropic returns one answer);</li>
 *   <li>{@code response_format} json_object / json_schema becomes a system instruction (best effort);</li>
 *   <li>presence/frequency penalties, seed, logit_bias and logprobs have no Anthropic equivalent and are dropped.</li>
 * </ul>
 */
final class AnthropicRequestMapper {
    static final int DEFAULT_MAX_TOKENS = 4096;
    private static final BigDecimal MAX_TEMPERATURE = BigDecimal.ONE;

    private AnthropicRequestMapper() {
    }

    static ObjectNode map(UpstreamRequest request, boolean stream) {
        ChatRequest chat = request.chat();
        ObjectNode in = chat.body();
        if (in.path("n").canConvertToInt() && in.path("n").intValue() > 1) {
            throw new InvalidRequestException("Anthropic models return one choice per request; 'n' must be 1 for this provider.", "n");
        }
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("model", request.model());
        out.put("max_tokens", chat.maxTokens() != null ? chat.maxTokens() : DEFAULT_MAX_TOKENS);
        List<String> system = new ArrayList<>();
        MergedTurns turns = new MergedTurns("content");
        Map<String, String> legacyFunctionIds = new HashMap<>();
        List<ChatMessage> messages = chat.messages();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            String param = "messages[" + i + "]";
            switch (m.role()) {
                case "system", "developer" -> {
                    if (!m.text().isBlank()) {
                        system.add(m.text());
                    }
                }
                case "user" -> turns.add("user", contentBlocks(m.content(), param));
                case "assistant" -> turns.add("assistant", assistantBlocks(m, param, i, legacyFunctionIds));
                case "tool" -> turns.add("user", List.of(toolResult(m.raw().path("tool_call_id").asText(), m.content())));
                case "function" -> {
                    String id = legacyFunctionIds.get(m.raw().path("name").asText());
                    if (id == null) {
                        throw new InvalidRequestException("'" + param + "' answers no earlier function_call named '"
                                + m.raw().path("name").asText() + "'.", param);
                    }
                    turns.add("user", List.of(toolResult(id, m.content())));
                }
                default -> throw new InvalidRequestException("Unsupported role '" + m.role() + "'.", param + ".role");
            }
        }
        String json = ChatParts.jsonInstruction(in.get("response_format"));
        if (json != null) {
            system.add(json);
        }
        if (!system.isEmpty()) {
            out.put("system", String.join("\n\n", system));
        }
        if (turns.isEmpty()) {
            throw new InvalidRequestException("Anthropic needs at least one user or assistant message with content.", "messages");
        }
        out.set("messages", turns.toJson());
        sampling(in, out);
        tools(in, out);
        if (in.path("user").isTextual()) {
            out.putObject("metadata").put("user_id", in.path("user").asText());
        }
        if (stream) {
            out.put("stream", true);
        }
        return out;
    }

    private static void sampling(ObjectNode in, ObjectNode out) {
        JsonNode t = in.get("temperature");
        if (t != null && t.isNumber()) {
            BigDecimal v = t.decimalValue();
            out.put("temperature", v.compareTo(MAX_TEMPERATURE) > 0 ? MAX_TEMPERATURE : v);
        }
        JsonNode topP = in.get("top_p");
        if (topP != null && topP.isNumber()) {
            out.put("top_p", topP.decimalValue());
        }
        List<String> stop = ChatParts.stop(in.get("stop"));
        if (stop != null) {
            ArrayNode seqs = out.putArray("stop_sequences");
            stop.forEach(seqs::add);
        }
    }

    private static void tools(ObjectNode in, ObjectNode out) {
        JsonNode tools = in.get("tools");
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return;
        }
        ArrayNode mapped = out.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            JsonNode fn = tool.path("function");
            if (!"function".equals(tool.path("type").asText("function")) || !fn.path("name").isTextual()) {
                throw new InvalidRequestException("'tools[" + i + "]' must be a function tool with a name.", "tools[" + i + "]");
            }
            ObjectNode t = mapped.addObject().put("name", fn.path("name").asText());
            if (fn.path("description").isTextual()) {
                t.put("description", fn.path("description").asText());
            }
            JsonNode params = fn.get("parameters");
            if (params != null && params.isObject()) {
                t.set("input_schema", params.deepCopy());
            } else {
                t.putObject("input_schema").put("type", "object").putObject("properties");
            }
        }
        ObjectNode choice = toolChoice(in.get("tool_choice"));
        if (in.path("parallel_tool_calls").isBoolean() && !in.path("parallel_tool_calls").asBoolean()) {
            if (choice == null) {
                choice = Json.mapper().createObjectNode().put("type", "auto");
            }
            if (!"none".equals(choice.path("type").asText())) {
                choice.put("disable_parallel_tool_use", true);
            }
        }
        if (choice != null) {
            out.set("tool_choice", choice);
        }
    }

    private static ObjectNode toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        ObjectNode out = Json.mapper().createObjectNode();
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "auto" -> out.put("type", "auto");
                case "none" -> out.put("type", "none");
                case "required" -> out.put("type", "any");
                default -> throw new InvalidRequestException("Invalid value for 'tool_choice': '" + choice.asText()
                        + "'. Supported values are: 'none', 'auto' and 'required'.", "tool_choice");
            };
        }
        JsonNode name = choice.path("function").path("name");
        if (!name.isTextual()) {
            throw new InvalidRequestException("'tool_choice' must name a function: {\"type\":\"function\",\"function\":{\"name\":...}}.",
                    "tool_choice");
        }
        return out.put("type", "tool").put("name", name.asText());
    }

    private static List<ObjectNode> contentBlocks(JsonNode content, String param) {
        List<ObjectNode> blocks = new ArrayList<>();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isTextual()) {
            addText(blocks, content.asText(), null);
            return blocks;
        }
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            String type = part.path("type").asText();
            switch (type) {
                case "text" -> addText(blocks, part.path("text").asText(""), part.get("cache_control"));
                case "image_url" -> blocks.add(image(part.path("image_url").path("url").asText(""), param + ".content[" + p + "]"));
                default -> throw new InvalidRequestException("Content parts of type '" + type
                        + "' cannot be sent to Anthropic; use text or image_url parts.", param + ".content[" + p + "]");
            }
        }
        return blocks;
    }

    /** Anthropic refuses empty text blocks: they are left out. A part's cache_control passes through. */
    private static void addText(List<ObjectNode> blocks, String text, JsonNode cacheControl) {
        if (text.isEmpty()) {
            return;
        }
        ObjectNode block = Json.mapper().createObjectNode().put("type", "text").put("text", text);
        if (cacheControl != null && cacheControl.isObject()) {
            block.set("cache_control", cacheControl.deepCopy());
        }
        blocks.add(block);
    }

    private static ObjectNode image(String url, String param) {
        ObjectNode block = Json.mapper().createObjectNode().put("type", "image");
        ChatParts.DataUrl data = ChatParts.dataUrl(url);
        if (data != null) {
            block.putObject("source").put("type", "base64").put("media_type", data.mediaType()).put("data", data.base64());
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            block.putObject("source").put("type", "url").put("url", url);
        } else {
            throw new InvalidRequestException("'" + param + ".image_url.url' must be an http(s) URL or a base64 data URL.",
                    param + ".image_url.url");
        }
        return block;
    }

    private static List<ObjectNode> assistantBlocks(ChatMessage m, String param, int index, Map<String, String> legacyIds) {
        List<ObjectNode> blocks = contentBlocks(m.content(), param);
        JsonNode calls = m.raw().path("tool_calls");
        for (int c = 0; c < calls.size(); c++) {
            JsonNode call = calls.get(c);
            String callParam = param + ".tool_calls[" + c + "]";
            if (!call.path("id").isTextual() || !call.path("function").path("name").isTextual()) {
                throw new InvalidRequestException("'" + callParam + "' needs an id and a function name.", callParam);
            }
            blocks.add(toolUse(call.path("id").asText(), call.path("function").path("name").asText(),
                    ChatParts.arguments(call.path("function").get("arguments"), callParam + ".function.arguments")));
        }
        JsonNode legacy = m.raw().get("function_call");
        if (legacy != null && legacy.path("name").isTextual()) {
            String id = "call_fn" + index;
            legacyIds.put(legacy.path("name").asText(), id);
            blocks.add(toolUse(id, legacy.path("name").asText(),
                    ChatParts.arguments(legacy.get("arguments"), param + ".function_call.arguments")));
        }
        return blocks;
    }

    private static ObjectNode toolUse(String id, String name, ObjectNode input) {
        ObjectNode block = Json.mapper().createObjectNode().put("type", "tool_use").put("id", id).put("name", name);
        block.set("input", input);
        return block;
    }

    private static ObjectNode toolResult(String toolUseId, JsonNode content) {
        ObjectNode block = Json.mapper().createObjectNode().put("type", "tool_result").put("tool_use_id", toolUseId);
        if (content == null || content.isNull()) {
            block.put("content", "");
        } else if (content.isTextual()) {
            block.put("content", content.asText());
        } else {
            ArrayNode parts = block.putArray("content");
            for (JsonNode part : content) {
                if ("text".equals(part.path("type").asText()) && !part.path("text").asText("").isEmpty()) {
                    parts.addObject().put("type", "text").put("text", part.path("text").asText());
                } else if ("image_url".equals(part.path("type").asText())) {
                    parts.add(image(part.path("image_url").path("url").asText(""), "tool content"));
                }
            }
        }
        return block;
    }
}
