package xyz.pura.ingress.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import xyz.pura.events.chat.InvalidRequestException;

/**
 * A Responses {@code input} as chat messages: a string is one user message; items are messages (content a string or
 * {@code input_text}, {@code input_image}, {@code input_file}, {@code output_text} and {@code refusal} parts),
 * {@code function_call} items (consecutive ones, and a preceding assistant message, form one assistant turn with
 * {@code tool_calls}) and {@code function_call_output} items (tool messages). Reasoning items are dropped.
 */
final class ResponsesInput {
    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");

    private ResponsesInput() {
    }

    static void append(JsonNode input, ArrayNode messages) {
        if (input == null || input.isNull()) {
            throw new InvalidRequestException("Missing required parameter: 'input'.", "input");
        }
        if (input.isTextual()) {
            messages.addObject().put("role", "user").put("content", input.asText());
            return;
        }
        if (!input.isArray()) {
            throw new InvalidRequestException("'input' must be a string or an array of input items.", "input");
        }
        if (input.isEmpty()) {
            throw new InvalidRequestException("'input' must not be empty.", "input");
        }
        for (int i = 0; i < input.size(); i++) {
            item(input.get(i), "input[" + i + "]", messages);
        }
    }

    private static void item(JsonNode item, String param, ArrayNode messages) {
        if (!item.isObject()) {
            throw new InvalidRequestException("Each input item must be an object.", param);
        }
        String type = item.path("type").asText(item.has("role") ? "message" : "");
        switch (type) {
            case "message" -> message(item, param, messages);
            case "function_call" -> functionCall(item, param, messages);
            case "function_call_output" -> {
                String callId = text(item, "call_id", param);
                JsonNode output = item.get("output");
                ObjectNode tool = messages.addObject().put("role", "tool").put("tool_call_id", callId);
                if (output != null && output.isTextual()) {
                    tool.put("content", output.asText());
                } else if (output != null && output.isArray()) {
                    tool.put("content", joinedText(output, param + ".output"));
                } else {
                    throw new InvalidRequestException("'" + param + ".output' must be a string or an array of input_text "
                            + "parts.", param + ".output");
                }
            }
            case "reasoning" -> {
                // written by a provider for itself (encrypted or summarised); no other provider can read it
            }
            case "item_reference" -> throw new InvalidRequestException("Item references are not supported: this gateway "
                    + "stores no items. Send the item itself.", param);
            default -> throw new InvalidRequestException("Input item type '" + type + "' is not supported; use 'message', "
                    + "'function_call' or 'function_call_output'.", param + ".type");
        }
    }

    private static void message(JsonNode item, String param, ArrayNode messages) {
        String role = item.path("role").asText("");
        if (!ROLES.contains(role)) {
            throw new InvalidRequestException("Invalid value for '" + param + ".role': '" + role
                    + "'. Supported values are: 'user', 'assistant', 'system' and 'developer'.", param + ".role");
        }
        JsonNode content = item.get("content");
        ObjectNode message = messages.addObject().put("role", role);
        if (content != null && content.isTextual()) {
            message.put("content", content.asText());
            return;
        }
        if (content == null || !content.isArray()) {
            throw new InvalidRequestException("'" + param + ".content' must be a string or an array of content parts.",
                    param + ".content");
        }
        if (role.equals("assistant")) {
            message.put("content", joinedText(content, param + ".content"));
            return;
        }
        ArrayNode parts = message.putArray("content");
        for (int i = 0; i < content.size(); i++) {
            part(content.get(i), param + ".content[" + i + "]", parts);
        }
    }

    private static void part(JsonNode part, String param, ArrayNode parts) {
        switch (part.path("type").asText("")) {
            case "input_text", "output_text" -> parts.addObject().put("type", "text").put("text", text(part, "text", param));
            case "input_image" -> {
                if (part.hasNonNull("file_id")) {
                    throw noFiles(param);
                }
                ObjectNode image = parts.addObject().put("type", "image_url").putObject("image_url");
                image.put("url", text(part, "image_url", param));
                if (part.path("detail").isTextual()) {
                    image.put("detail", part.get("detail").asText());
                }
            }
            case "input_file" -> {
                if (part.hasNonNull("file_id") || part.hasNonNull("file_url")) {
                    throw noFiles(param);
                }
                ObjectNode file = parts.addObject().put("type", "file").putObject("file");
                file.put("file_data", text(part, "file_data", param));
                if (part.path("filename").isTextual()) {
                    file.put("filename", part.get("filename").asText());
                }
            }
            default -> throw new InvalidRequestException("Content part type '" + part.path("type").asText("")
                    + "' is not supported; use 'input_text', 'input_image' or 'input_file'.", param + ".type");
        }
    }

    private static InvalidRequestException noFiles(String param) {
        return new InvalidRequestException("Uploaded files ('file_id', 'file_url') are not available: this gateway "
                + "stores no files. Send the file inline as a data URL ('image_url' or 'file_data').", param);
    }

    /** Consecutive function calls, and the assistant text before them, are one assistant turn in chat. */
    private static void functionCall(JsonNode item, String param, ArrayNode messages) {
        ObjectNode call = (ObjectNode) item;
        String callId = text(call, "call_id", param);
        String name = text(call, "name", param);
        String arguments = call.path("arguments").isTextual() ? call.get("arguments").asText() : "{}";
        ObjectNode turn = null;
        if (!messages.isEmpty()) {
            ObjectNode last = (ObjectNode) messages.get(messages.size() - 1);
            if (last.path("role").asText().equals("assistant")) {
                turn = last;
            }
        }
        if (turn == null) {
            turn = messages.addObject().put("role", "assistant");
            turn.putNull("content");
        }
        ArrayNode calls = turn.has("tool_calls") ? (ArrayNode) turn.get("tool_calls") : turn.putArray("tool_calls");
        ObjectNode out = calls.addObject().put("id", callId).put("type", "function");
        out.putObject("function").put("name", name).put("arguments", arguments);
    }

    private static String joinedText(JsonNode parts, String param) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            JsonNode part = parts.get(i);
            String type = part.path("type").asText("");
            if (!Set.of("input_text", "output_text", "refusal", "text").contains(type)) {
                throw new InvalidRequestException("Content part type '" + type + "' is not supported here; only text parts.",
                        param + "[" + i + "].type");
            }
            text.append(part.path(type.equals("refusal") ? "refusal" : "text").asText(""));
        }
        return text.toString();
    }

    private static String text(JsonNode node, String name, String param) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            throw new InvalidRequestException("Missing required parameter: '" + param + "." + name + "'.", param + "." + name);
        }
        return value.asText();
    }
}
