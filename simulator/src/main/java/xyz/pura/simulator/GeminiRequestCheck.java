package xyz.pura.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Refuses, as Gemini's API does with 400 INVALID_ARGUMENT, the GenerateContentRequests it would refuse, so that a
 * translation that only "works against the simulator" works against Google too:
 *
 * <ul>
 *   <li>{@code contents} present and non-empty; each content's role absent, "user" or "model"; its parts non-empty,
 *       each part with one data field;</li>
 *   <li>{@code inlineData} with a mimeType and base64 data; {@code fileData} with a fileUri and a mimeType (which only
 *       Gemini's own Files API URIs may omit: Gemini knows their type);</li>
 *   <li>a turn of {@code functionResponse} parts right after the model turn whose {@code functionCall}s it answers,
 *       one response per call, each named after one of them;</li>
 *   <li>for Gemini 3, in the current turn (everything after the last user turn that is not only function responses),
 *       the first functionCall of every model turn sent back with its {@code thoughtSignature}; any signature must
 *       be base64 (the field is bytes);</li>
 *   <li>thinkingConfig within the model's ranges ({@link GeminiThinking}).</li>
 * </ul>
 */
final class GeminiRequestCheck {
    private static final Set<String> DATA = Set.of("text", "inlineData", "fileData", "functionCall", "functionResponse",
            "executableCode", "codeExecutionResult");
    private static final String FILES_API = "https://generativelanguage.googleapis.com/";

    private GeminiRequestCheck() {
    }

    /** @return the message of Gemini's 400 for this request, or null when Gemini would take it */
    static String refusal(JsonNode body, String model) {
        JsonNode contents = body == null ? null : body.get("contents");
        if (contents == null || !contents.isArray() || contents.isEmpty()) {
            return "* GenerateContentRequest.contents: contents is not specified";
        }
        for (int i = 0; i < contents.size(); i++) {
            String problem = content(contents.get(i), "contents[" + i + "]");
            if (problem == null) {
                problem = functionResponses(contents, i);
            }
            if (problem != null) {
                return problem;
            }
        }
        String problem = model.startsWith("gemini-3") ? signatures(contents) : null;
        return problem != null ? problem : GeminiThinking.refusal(body, model);
    }

    private static String content(JsonNode c, String at) {
        String role = c.path("role").asText("user");
        if (!role.equals("user") && !role.equals("model")) {
            return "Please use a valid role: user, model.";
        }
        JsonNode parts = c.path("parts");
        if (!parts.isArray() || parts.isEmpty()) {
            return "* GenerateContentRequest." + at + ".parts: contents.parts must not be empty.";
        }
        for (int p = 0; p < parts.size(); p++) {
            String problem = part(parts.get(p), "GenerateContentRequest." + at + ".parts[" + p + "]");
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String part(JsonNode part, String at) {
        long fields = DATA.stream().filter(part::has).count();
        if (fields != 1) {
            return "* " + at + ".data: required oneof field 'data' must have one initialized field";
        }
        JsonNode inline = part.get("inlineData");
        if (inline != null) {
            if (inline.path("mimeType").asText("").isEmpty()) {
                return "* " + at + ".inline_data.mime_type: mimeType is required.";
            }
            if (!base64(inline.path("data").asText(""))) {
                return "Invalid value at '" + at.replace("GenerateContentRequest.", "") + ".inline_data.data' (TYPE_BYTES), "
                        + "Base64 decoding failed";
            }
        }
        JsonNode file = part.get("fileData");
        if (file != null) {
            String uri = file.path("fileUri").asText("");
            if (uri.isEmpty()) {
                return "* " + at + ".file_data.file_uri: fileUri is required.";
            }
            if (file.path("mimeType").asText("").isEmpty() && !uri.startsWith(FILES_API)) {
                return "* " + at + ".file_data.mime_type: mimeType is required for a file URI that is not a Gemini Files API URI.";
            }
        }
        if (part.has("thoughtSignature") && !base64(part.path("thoughtSignature").asText(""))) {
            return "Invalid value at '" + at.replace("GenerateContentRequest.", "") + ".thought_signature' (TYPE_BYTES), "
                    + "Base64 decoding failed";
        }
        return null;
    }

    /** A content with functionResponse parts must answer the functionCalls of the model turn right before it. */
    private static String functionResponses(JsonNode contents, int i) {
        List<String> answered = names(contents.get(i), "functionResponse");
        if (answered.isEmpty()) {
            return null;
        }
        List<String> called = i == 0 || !"model".equals(contents.get(i - 1).path("role").asText())
                ? List.of() : names(contents.get(i - 1), "functionCall");
        if (called.isEmpty()) {
            return "Please ensure that function response turn comes immediately after a function call turn.";
        }
        if (called.size() != answered.size()) {
            return "Please ensure that the number of function response parts is equal to the number of function call parts "
                    + "of the function call turn.";
        }
        for (String name : answered) {
            if (!called.contains(name)) {
                return "Function response for '" + name + "' answers no function call of the previous turn (calls: " + called + ").";
            }
        }
        return null;
    }

    /** Gemini 3: the first functionCall of each model turn of the current turn needs its thoughtSignature. */
    private static String signatures(JsonNode contents) {
        int start = 0;
        for (int i = 0; i < contents.size(); i++) {
            JsonNode c = contents.get(i);
            if (!"model".equals(c.path("role").asText("user")) && names(c, "functionResponse").size() < c.path("parts").size()) {
                start = i;
            }
        }
        for (int i = start; i < contents.size(); i++) {
            if (!"model".equals(contents.get(i).path("role").asText())) {
                continue;
            }
            JsonNode parts = contents.get(i).path("parts");
            for (int p = 0; p < parts.size(); p++) {
                if (parts.get(p).has("functionCall")) {
                    if (!parts.get(p).has("thoughtSignature")) {
                        return "Function call `" + parts.get(p).path("functionCall").path("name").asText() + "` in contents[" + i
                                + "].parts[" + p + "] is missing its thought_signature. Send back the thoughtSignature each function "
                                + "call came with; see https://ai.google.dev/gemini-api/docs/thought-signatures.";
                    }
                    break;
                }
            }
        }
        return null;
    }

    private static List<String> names(JsonNode content, String field) {
        List<String> out = new ArrayList<>();
        content.path("parts").forEach(p -> {
            if (p.has(field)) {
                out.add(p.path(field).path("name").asText(""));
            }
        });
        return out;
    }

    private static boolean base64(String s) {
        if (s.isEmpty()) {
            return false;
        }
        try {
            (s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
