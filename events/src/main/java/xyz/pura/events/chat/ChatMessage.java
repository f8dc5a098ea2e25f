package xyz.pura.events.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One validated message of an OpenAI chat request. {@code raw} keeps every field the caller sent
 * (tool_calls, tool_call_id, name, ...) for the providers to translate.
 *
 * @param content a string, an array of content parts, or null
 */
public record ChatMessage(String role, JsonNode content, ObjectNode raw) {

    /** The message's text: the string content, or its text parts joined by newlines. */
    public String text() {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode part : content) {
            JsonNode text = part.get("text");
            if (text != null && text.isTextual()) {
                if (!out.isEmpty()) {
                    out.append('\n');
                }
                out.append(text.asText());
            }
        }
        return out.toString();
    }

    /** Whether any content part is an image. */
    public boolean hasImage() {
        if (content == null || !content.isArray()) {
            return false;
        }
        for (JsonNode part : content) {
            if ("image_url".equals(part.path("type").asText())) {
                return true;
            }
        }
        return false;
    }
}
