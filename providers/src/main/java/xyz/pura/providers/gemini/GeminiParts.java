package xyz.pura.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import xyz.pura.events.Json;
import xyz.pura.events.chat.InvalidRequestException;
import xyz.pura.providers.internal.ChatParts;

/**
 * The content parts of an OpenAI message as Gemini parts. Gemini needs the MIME type of every file it is given, and
 * the gateway fetches nothing to find one out, so a part goes through only when its type is known:
 *
 * <ul>
 *   <li>{@code text}: a text part (empty texts are left out, Gemini refuses them);</li>
 *   <li>{@code image_url} with a base64 data URL: {@code inlineData} with the URL's own media type;</li>
 *   <li>{@code image_url} with an http(s) or gs:// URL: {@code fileData}, which Gemini fetches itself (public and
 *       signed HTTPS URLs, and its Files API's URIs). Gemini needs the URL's {@code mimeType}, and a file extension
 *       is no proof of one (many image URLs have none, some lie), so the client states it in the extension field
 *       {@code image_url.mime_type}; without it the request is refused with a 400 naming that field. Gemini Files
 *       API URIs ({@code https://generativelanguage.googleapis.com/.../files/...}) need none: Gemini knows their type;</li>
 *   <li>{@code input_audio} ({@code data} in base64 and {@code format}): {@code inlineData} of
 *       {@code audio/<format>} for wav and mp3 (OpenAI's formats) and the other formats Gemini reads (aiff, aac,
 *       ogg, flac);</li>
 *   <li>{@code file} with {@code file_data} as a base64 data URL (OpenAI's shape for a PDF): {@code inlineData} with
 *       the URL's media type; a {@code file_id} names an OpenAI upload, which Gemini cannot read, and is refused.</li>
 * </ul>
 */
final class GeminiParts {
    private static final Map<String, String> AUDIO = Map.of("wav", "audio/wav", "mp3", "audio/mp3", "aiff", "audio/aiff",
            "aac", "audio/aac", "ogg", "audio/ogg", "flac", "audio/flac");
    private static final String FILES_API = "https://generativelanguage.googleapis.com/";

    private GeminiParts() {
    }

    /** @param param the message's parameter path, e.g. {@code messages[2]}, for refusals */
    static List<ObjectNode> of(JsonNode content, String param) {
        List<ObjectNode> parts = new ArrayList<>();
        if (content == null || content.isNull()) {
            return parts;
        }
        if (content.isTextual()) {
            addText(parts, content.asText());
            return parts;
        }
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            String at = param + ".content[" + p + "]";
            String type = part.path("type").asText();
            switch (type) {
                case "text" -> addText(parts, part.path("text").asText(""));
                case "image_url" -> parts.add(image(part.path("image_url"), at + ".image_url"));
                case "input_audio" -> parts.add(audio(part.path("input_audio"), at + ".input_audio"));
                case "file" -> parts.add(file(part.path("file"), at + ".file"));
                default -> throw new InvalidRequestException("Content parts of type '" + type
                        + "' cannot be sent to Gemini; use text, image_url, input_audio or file parts.", at);
            }
        }
        return parts;
    }

    private static void addText(List<ObjectNode> parts, String text) {
        if (!text.isEmpty()) {
            parts.add(Json.mapper().createObjectNode().put("text", text));
        }
    }

    private static ObjectNode image(JsonNode image, String param) {
        String url = image.path("url").asText("");
        ChatParts.DataUrl data = ChatParts.dataUrl(url);
        if (data != null && !data.mediaType().isEmpty()) {
            return inline(data.mediaType(), data.base64());
        }
        if (!url.startsWith("https://") && !url.startsWith("http://") && !url.startsWith("gs://")) {
            throw new InvalidRequestException("'" + param + ".url' must be an http(s) URL or a base64 data URL.", param + ".url");
        }
        String mime = image.path("mime_type").asText("");
        ObjectNode part = Json.mapper().createObjectNode();
        ObjectNode fileData = part.putObject("fileData");
        if (mime.isEmpty()) {
            if (!url.startsWith(FILES_API)) {
                throw new InvalidRequestException("Gemini needs the MIME type of an image it fetches by URL: set '" + param
                        + ".mime_type' (for example \"image/png\"), or send the image as a base64 data URL.", param + ".mime_type");
            }
        } else if (!mime.toLowerCase(Locale.ROOT).startsWith("image/")) {
            throw new InvalidRequestException("'" + param + ".mime_type' must be an image type such as \"image/png\".",
                    param + ".mime_type");
        } else {
            fileData.put("mimeType", mime.toLowerCase(Locale.ROOT));
        }
        fileData.put("fileUri", url);
        return part;
    }

    private static ObjectNode audio(JsonNode audio, String param) {
        String data = audio.path("data").asText("");
        if (data.isEmpty()) {
            throw new InvalidRequestException("'" + param + ".data' must be the base64-encoded audio.", param + ".data");
        }
        String mime = AUDIO.get(audio.path("format").asText("").toLowerCase(Locale.ROOT));
        if (mime == null) {
            throw new InvalidRequestException("'" + param + ".format' must be one of wav, mp3, aiff, aac, ogg or flac.",
                    param + ".format");
        }
        return inline(mime, data);
    }

    private static ObjectNode file(JsonNode file, String param) {
        ChatParts.DataUrl data = ChatParts.dataUrl(file.path("file_data").asText(null));
        if (data != null && !data.mediaType().isEmpty()) {
            return inline(data.mediaType(), data.base64());
        }
        if (file.has("file_id")) {
            throw new InvalidRequestException("'" + param + ".file_id' names an OpenAI upload, which Gemini cannot read; send the "
                    + "file inline as '" + param + ".file_data' (a base64 data URL such as data:application/pdf;base64,...).",
                    param + ".file_id");
        }
        throw new InvalidRequestException("'" + param + ".file_data' must be a base64 data URL with the file's media type, "
                + "such as data:application/pdf;base64,....", param + ".file_data");
    }

    private static ObjectNode inline(String mimeType, String base64) {
        ObjectNode part = Json.mapper().createObjectNode();
        part.putObject("inlineData").put("mimeType", mimeType).put("data", base64);
        return part;
    }
}
