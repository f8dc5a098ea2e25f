package xyz.pura.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import xyz.pura.events.Json;
import xyz.pura.events.chat.InvalidRequestException;

/** Reading pieces of an OpenAI request that every translating provider needs the same way. */
public final class ChatParts {
    private ChatParts() {
    }

    /** A {@code data:} URL split into its media type and base64 payload. */
    public record DataUrl(String mediaType, String base64) {
    }

    /** @return the parsed data URL, or null when {@code url} is not a base64 data URL */
    public static DataUrl dataUrl(String url) {
        if (url == null || !url.startsWith("data:")) {
            return null;
        }
        int comma = url.indexOf(',');
        int marker = url.indexOf(";base64");
        if (comma < 0 || marker < 0 || marker > comma) {
            return null;
        }
        return new DataUrl(url.substring("data:".length(), marker), url.substring(comma + 1));
    }

    /**
     * A tool call's {@code arguments} string as a JSON object; an empty string is {@code {}}.
     *
     * @throws InvalidRequestException when the arguments are not a JSON object (the target API needs one)
     */
    public static ObjectNode arguments(JsonNode arguments, String param) {
        String raw = arguments == null || arguments.isNull() ? "" : arguments.isTextual() ? arguments.asText() : arguments.toString();
        if (raw.isBlank()) {
            return Json.mapper().createObjectNode();
        }
        try {
            JsonNode node = Json.mapper().readTree(raw);
            if (node != null && node.isObject()) {
                return (ObjectNode) node;
            }
        } catch (IOException ignored) {
            // reported below
        }
        throw new InvalidRequestException("'" + param + "' must be a JSON object encoded as a string.", param);
    }

    /** The stop sequences of a request ({@code stop} is a string or an array of strings), or null. */
    public static java.util.List<String> stop(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return null;
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        if (stop.isTextual()) {
            out.add(stop.asText());
        } else {
            stop.forEach(s -> out.add(s.asText()));
        }
        return out.isEmpty() ? null : out;
    }

    /** The instruction that asks for JSON when the target API has no JSON mode, or null for plain text. */
    public static String jsonInstruction(JsonNode responseFormat) {
        String type = responseFormat == null ? "" : responseFormat.path("type").asText("");
        return switch (type) {
            case "json_object" -> "Respond only with a single valid JSON object, without code fences or any other text.";
            case "json_schema" -> "Respond only with a single valid JSON object, without code fences or any other text, "
                    + "that conforms to this JSON Schema: " + responseFormat.path("json_schema").path("schema");
            default -> null;
        };
    }
}
