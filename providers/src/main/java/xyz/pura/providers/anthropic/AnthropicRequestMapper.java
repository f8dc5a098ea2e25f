package xyz.pura.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
 *   <li>system and developer messages, wherever they are, join (blank line between) into {@code system}: a string, or
 *       a list of text blocks when one carries a cache_control breakpoint;</li>
 *   <li>cache_control breakpoints stay where the client put them (see {@link AnthropicCacheControl});</li>
 *   <li>{@code max_tokens} is always set: max_completion_tokens, else max_tokens, else {@value #DEFAULT_MAX_TOKENS};</li>
 *   <li>tool results become {@code tool_result} blocks of a user turn, and consecutive turns of one role merge;</li>
 *   <li>temperature above Anthropic's maximum of 1 is clamped to 1 (OpenAI allows up to 2);</li>
 *   <li>temperature and top_p given together: only temperature is sent, for every model. Claude 4.5 models and Opus
 *       4.1 refuse the two together; one rule for all models keeps a request's meaning independent of the model the
 *       router picked;</li>
 *   <li>empty and whitespace-only stop sequences are dropped (Anthropic refuses them), and no
 *       {@code stop_sequences} is sent when none remain;</li>
 *   <li>{@code reasoning_effort} becomes extended thinking where the model has it (see {@link AnthropicThinking});</li>
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
        List<ObjectNode> systemBlocks = new ArrayList<>();
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
                        systemBlocks.addAll(marked(m, systemBlocks(m.content(), param), param));
                    }
                }
                case "user" -> turns.add("user", marked(m, contentBlocks(m.content(), param), param));
                case "assistant" -> turns.add("assistant", marked(m, assistantBlocks(m, param, i, legacyFunctionIds), param));
                case "tool" -> turns.add("user", marked(m, List.of(toolResult(m.raw().path("tool_call_id").asText(),
                        m.content(), param)), param));
                case "function" -> {
                    String id = legacyFunctionIds.get(m.raw().path("name").asText());
                    if (id == null) {
                        throw new InvalidRequestException("'" + param + "' answers no earlier function_call named '"
                                + m.raw().path("name").asText() + "'.", param);
                    }
                    turns.add("user", List.of(toolResult(id, m.content(), param)));
                }
                default -> throw new InvalidRequestException("Unsupported role '" + m.role() + "'.", param + ".role");
            }
        }
        String json = ChatParts.jsonInstruction(in.get("response_format"));
        if (json != null) {
            system.add(json);
            systemBlocks.add(textBlock(json));
        }
        if (systemBlocks.stream().anyMatch(b -> b.has("cache_control"))) {
            out.putArray("system").addAll(systemBlocks);
        } else if (!system.isEmpty()) {
            out.put("system", String.join("\n\n", system));
        }
        if (turns.isEmpty()) {
            throw new InvalidRequestException("Anthropic needs at least one user or assistant message with content.", "messages");
        }
        out.set("messages", turns.toJson());
        sampling(in, out);
        tools(in, out);
        AnthropicThinking.apply(in, out, request.model(), chat.maxTokens(), DEFAULT_MAX_TOKENS);
        AnthropicCacheControl.checkCount(out);
        if (in.path("user").isTextual()) {
            out.putObject("metadata").put("user_id", in.path("user").asText());
        }
        if (stream) {
            out.put("stream", true);
        }
        return out;
    }

    /** Temperature wins over top_p (never both, see the class comment); blank stop sequences are dropped. */
    private static void sampling(ObjectNode in, ObjectNode out) {
        JsonNode t = in.get("temperature");
        JsonNode topP = in.get("top_p");
        if (t != null && t.isNumber()) {
            BigDecimal v = t.decimalValue();
            out.put("temperature", v.compareTo(MAX_TEMPERATURE) > 0 ? MAX_TEMPERATURE : v);
        } else if (topP != null && topP.isNumber()) {
            out.put("top_p", topP.decimalValue());
        }
        List<String> stop = ChatParts.stop(in.get("stop"));
        List<String> kept = stop == null ? List.of() : stop.stream().filter(s -> !s.isBlank()).toList();
        if (!kept.isEmpty()) {
            out.putArray("stop_sequences").addAll(kept.stream().map(TextNode::valueOf).toList());
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
            String param = "tools[" + i + "]";
            if (fn.path("description").isTextual()) {
                t.put("description", fn.path("description").asText());
            }
            JsonNode params = fn.get("parameters");
            if (params != null && params.isObject()) {
                t.set("input_schema", params.deepCopy());
            } else {
                t.putObject("input_schema").put("type", "object").putObject("properties");
            }
            AnthropicCacheControl.copy(fn.has("cache_control") ? fn : tool, t, fn.has("cache_control") ? param + ".function" : param);
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
            addText(blocks, content.asText(), null, param);
            return blocks;
        }
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            String type = part.path("type").asText();
            switch (type) {
                case "text" -> addText(blocks, part.path("text").asText(""), part, param + ".content[" + p + "]");
                case "image_url" -> {
                    ObjectNode image = image(part.path("image_url").path("url").asText(""), param + ".content[" + p + "]");
                    AnthropicCacheControl.copy(part, image, param + ".content[" + p + "]");
                    blocks.add(image);
                }
                default -> throw new InvalidRequestException("Content parts of type '" + type
                        + "' cannot be sent to Anthropic; use text or image_url parts.", param + ".content[" + p + "]");
            }
        }
        return blocks;
    }

    /** Anthropic refuses empty text blocks: they are left out. A part's cache_control passes through. */
    private static void addText(List<ObjectNode> blocks, String text, JsonNode part, String param) {
        if (text.isEmpty()) {
            return;
        }
        ObjectNode block = textBlock(text);
        AnthropicCacheControl.copy(part, block, param);
        blocks.add(block);
    }

    private static ObjectNode textBlock(String text) {
        return Json.mapper().createObjectNode().put("type", "text").put("text", text);
    }

    /** A system message as text blocks: its string, or its non-blank text parts (each with its cache_control). */
    private static List<ObjectNode> systemBlocks(JsonNode content, String param) {
        List<ObjectNode> blocks = new ArrayList<>();
        if (content.isTextual()) {
            blocks.add(textBlock(content.asText()));
            return blocks;
        }
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            if (part.path("text").isTextual() && !part.path("text").asText().isBlank()) {
                addText(blocks, part.path("text").asText(), part, param + ".content[" + p + "]");
            }
        }
        return blocks;
    }

    /** The blocks of a message, the last one marked with the message's own cache_control if it has one. */
    private static List<ObjectNode> marked(ChatMessage m, List<ObjectNode> blocks, String param) {
        AnthropicCacheControl.onLast(m.raw(), blocks, param);
        return blocks;
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

    private static ObjectNode toolResult(String toolUseId, JsonNode content, String param) {
        ObjectNode block = Json.mapper().createObjectNode().put("type", "tool_result").put("tool_use_id", toolUseId);
        if (content == null || content.isNull()) {
            block.put("content", "");
        } else if (content.isTextual()) {
            block.put("content", content.asText());
        } else {
            ArrayNode parts = block.putArray("content");
            for (int p = 0; p < content.size(); p++) {
                JsonNode part = content.get(p);
                String partParam = param + ".content[" + p + "]";
                if ("text".equals(part.path("type").asText()) && !part.path("text").asText("").isEmpty()) {
                    ObjectNode text = parts.addObject().put("type", "text").put("text", part.path("text").asText());
                    AnthropicCacheControl.copy(part, text, partParam);
                } else if ("image_url".equals(part.path("type").asText())) {
                    ObjectNode image = image(part.path("image_url").path("url").asText(""), partParam);
                    AnthropicCacheControl.copy(part, image, partParam);
                    parts.add(image);
                }
            }
        }
        return block;
    }
}
