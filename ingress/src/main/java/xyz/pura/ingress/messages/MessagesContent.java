package xyz.pura.ingress.messages;

import static xyz.pura.ingress.messages.MessagesToChat.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import xyz.pura.events.Json;
import xyz.pura.events.chat.ChatRequestParser;

/**
 * The {@code system} prompt and the {@code messages} of a Messages request, as OpenAI chat messages:
 * <ul>
 *   <li>text blocks as text parts; image blocks (base64 or URL source) as {@code image_url} parts (a data: URL for
 *       base64);</li>
 *   <li>an assistant turn's {@code tool_use} blocks as its {@code tool_calls} (input as JSON arguments), its text
 *       joined as its content;</li>
 *   <li>a user turn's {@code tool_result} blocks as {@code tool} messages before the turn's other content (OpenAI
 *       wants them right after the calls); the images of a tool result follow in a user message, since a tool
 *       message carries text only;</li>
 *   <li>{@code thinking} (thinking and signature) and {@code redacted_thinking} (data) blocks of assistant turns are
 *       checked and left out: only Claude can read them back, and it receives them as sent;</li>
 *   <li>{@code cache_control} is checked ({@code {"type":"ephemeral"}}, ttl 5m or 1h) and left out likewise.</li>
 * </ul>
 * Other block types (documents, server tools) are refused with a 400 naming the block.
 */
final class MessagesContent {
    private static final Set<String> MEDIA_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private MessagesContent() {
    }

    static void system(JsonNode system, ArrayNode out) {
        if (system == null || system.isNull()) {
            return;
        }
        if (system.isTextual()) {
            if (!system.asText().isEmpty()) {
                out.addObject().put("role", "system").put("content", system.asText());
            }
            return;
        }
        if (!system.isArray()) {
            throw invalid("system: Input should be a valid string or a list of text blocks", "system");
        }
        ArrayNode parts = Json.mapper().createArrayNode();
        for (int i = 0; i < system.size(); i++) {
            JsonNode block = system.get(i);
            String param = "system." + i;
            if (!"text".equals(block.path("type").asText()) || !block.path("text").isTextual()) {
                throw invalid(param + ": system blocks must be text blocks with a string 'text'", param);
            }
            cacheControl(block, param);
            parts.addObject().put("type", "text").put("text", block.path("text").asText());
        }
        if (!parts.isEmpty()) {
            out.addObject().put("role", "system").set("content", parts);
        }
    }

    static void messages(JsonNode messages, ArrayNode out) {
        if (messages == null || messages.isNull()) {
            throw invalid("messages: Field required", "messages");
        }
        if (!messages.isArray()) {
            throw invalid("messages: Input should be a valid list", "messages");
        }
        if (messages.isEmpty()) {
            throw invalid("messages: at least one message is required", "messages");
        }
        if (messages.size() > ChatRequestParser.MAX_MESSAGES) {
            throw invalid("messages: at most " + ChatRequestParser.MAX_MESSAGES + " messages are accepted", "messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String param = "messages." + i;
            if (!m.isObject()) {
                throw invalid(param + ": Input should be a valid dictionary", param);
            }
            String role = m.path("role").asText("");
            JsonNode content = m.get("content");
            if (content == null || content.isNull()) {
                throw invalid(param + ".content: Field required", param + ".content");
            }
            if (!content.isTextual() && !content.isArray()) {
                throw invalid(param + ".content: Input should be a valid string or a list of content blocks", param + ".content");
            }
            if (content.isArray() && content.isEmpty()) {
                throw invalid(param + ".content: all messages must have non-empty content", param + ".content");
            }
            switch (role) {
                case "user" -> user(content, param, out);
                case "assistant" -> assistant(content, param, out);
                default -> throw invalid(param + ".role: Input should be 'user' or 'assistant'", param + ".role");
            }
        }
    }

    private static void user(JsonNode content, String param, ArrayNode out) {
        if (content.isTextual()) {
            out.addObject().put("role", "user").put("content", content.asText());
            return;
        }
        ArrayNode parts = Json.mapper().createArrayNode();
        ArrayNode resultImages = Json.mapper().createArrayNode();
        for (int b = 0; b < content.size(); b++) {
            JsonNode block = content.get(b);
            String p = param + ".content." + b;
            String type = block.path("type").asText("");
            cacheControl(block, p);
            switch (type) {
                case "text" -> parts.add(text(block, p));
                case "image" -> parts.add(image(block, p));
                case "tool_result" -> toolResult(block, p, out, resultImages);
                case "tool_use", "thinking", "redacted_thinking" ->
                        throw invalid(p + ": '" + type + "' blocks belong to assistant messages", p + ".type");
                default -> throw unsupported(type, p);
            }
        }
        parts.addAll(resultImages);
        if (!parts.isEmpty()) {
            out.addObject().put("role", "user").set("content", parts);
        }
    }

    private static void assistant(JsonNode content, String param, ArrayNode out) {
        if (content.isTextual()) {
            out.addObject().put("role", "assistant").put("content", content.asText());
            return;
        }
        StringBuilder text = new StringBuilder();
        ArrayNode calls = Json.mapper().createArrayNode();
        for (int b = 0; b < content.size(); b++) {
            JsonNode block = content.get(b);
            String p = param + ".content." + b;
            String type = block.path("type").asText("");
            cacheControl(block, p);
            switch (type) {
                case "text" -> text.append(text(block, p).path("text").asText());
                case "tool_use" -> calls.add(toolCall(block, p));
                case "thinking" -> {
                    string(block, "thinking", p);
                    string(block, "signature", p);
                }
                case "redacted_thinking" -> string(block, "data", p);
                case "image", "tool_result" -> throw invalid(p + ": '" + type + "' blocks belong to user messages", p + ".type");
                default -> throw unsupported(type, p);
            }
        }
        ObjectNode m = out.addObject().put("role", "assistant");
        if (!calls.isEmpty()) {
            if (text.isEmpty()) {
                m.putNull("content");
            } else {
                m.put("content", text.toString());
            }
            m.set("tool_calls", calls);
        } else {
            m.put("content", text.toString());
        }
    }

    private static ObjectNode text(JsonNode block, String p) {
        String text = string(block, "text", p);
        if (text.isEmpty()) {
            throw invalid(p + ": text content blocks must be non-empty", p + ".text");
        }
        return Json.mapper().createObjectNode().put("type", "text").put("text", text);
    }

    private static ObjectNode image(JsonNode block, String p) {
        JsonNode source = block.path("source");
        String url = switch (source.path("type").asText("")) {
            case "base64" -> {
                String mediaType = string(source, "media_type", p + ".source");
                if (!MEDIA_TYPES.contains(mediaType)) {
                    throw invalid(p + ".source.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or "
                            + "'image/webp'", p + ".source.media_type");
                }
                yield "data:" + mediaType + ";base64," + string(source, "data", p + ".source");
            }
            case "url" -> {
                String u = string(source, "url", p + ".source");
                if (!u.startsWith("https://") && !u.startsWith("http://")) {
                    throw invalid(p + ".source.url: must be an http(s) URL", p + ".source.url");
                }
                yield u;
            }
            default -> throw invalid(p + ".source: an image source must be {\"type\": \"base64\", ...} or {\"type\": \"url\", ...}",
                    p + ".source");
        };
        ObjectNode part = Json.mapper().createObjectNode().put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    private static ObjectNode toolCall(JsonNode block, String p) {
        String id = string(block, "id", p);
        String name = string(block, "name", p);
        JsonNode input = block.get("input");
        if (input == null || !input.isObject()) {
            throw invalid(p + ".input: Input should be a valid dictionary", p + ".input");
        }
        ObjectNode call = Json.mapper().createObjectNode().put("id", id).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", input.toString());
        return call;
    }

    private static void toolResult(JsonNode block, String p, ArrayNode out, ArrayNode images) {
        String id = string(block, "tool_use_id", p);
        JsonNode content = block.get("content");
        JsonNode isError = block.get("is_error");
        if (isError != null && !isError.isNull() && !isError.isBoolean()) {
            throw invalid(p + ".is_error: Input should be a valid boolean", p + ".is_error");
        }
        StringBuilder text = new StringBuilder();
        if (content == null || content.isNull()) {
            text.append("");
        } else if (content.isTextual()) {
            text.append(content.asText());
        } else if (content.isArray()) {
            for (int c = 0; c < content.size(); c++) {
                JsonNode inner = content.get(c);
                String ip = p + ".content." + c;
                cacheControl(inner, ip);
                switch (inner.path("type").asText("")) {
                    case "text" -> text.append(text.isEmpty() ? "" : "\n").append(text(inner, ip).path("text").asText());
                    case "image" -> images.add(image(inner, ip));
                    default -> throw unsupported(inner.path("type").asText(""), ip);
                }
            }
        } else {
            throw invalid(p + ".content: Input should be a valid string or a list of blocks", p + ".content");
        }
        out.addObject().put("role", "tool").put("tool_call_id", id).put("content", text.toString());
    }

    /** Anthropic's breakpoint, {@code {"type":"ephemeral"}} with an optional ttl of 5m or 1h; refused otherwise. */
    static void cacheControl(JsonNode block, String p) {
        JsonNode cc = block.get("cache_control");
        if (cc == null || cc.isNull()) {
            return;
        }
        JsonNode ttl = cc.get("ttl");
        boolean ttlOk = ttl == null || ttl.isNull() || "5m".equals(ttl.asText()) || "1h".equals(ttl.asText());
        if (!cc.isObject() || !"ephemeral".equals(cc.path("type").asText()) || !ttlOk) {
            throw invalid(p + ".cache_control: must be {\"type\": \"ephemeral\"}, optionally with \"ttl\": \"5m\" or \"1h\"",
                    p + ".cache_control");
        }
    }

    static String string(JsonNode node, String field, String p) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw invalid(p + "." + field + ": Field required", p + "." + field);
        }
        if (!v.isTextual()) {
            throw invalid(p + "." + field + ": Input should be a valid string", p + "." + field);
        }
        return v.asText();
    }

    private static xyz.pura.events.chat.InvalidRequestException unsupported(String type, String p) {
        return invalid(p + ".type: content blocks of type '" + type + "' are not accepted through this gateway; use text, "
                + "image, tool_use, tool_result, thinking or redacted_thinking", p + ".type");
    }
}
