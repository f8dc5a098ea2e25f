package xyz.pura.ingress.messages;

import static xyz.pura.ingress.messages.MessagesToChat.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import xyz.pura.events.Json;

/**
 * Anthropic's custom tools ({@code name}, {@code description}, {@code input_schema}) as OpenAI function tools, and
 * {@code tool_choice}: {@code auto} as auto, {@code any} as required, {@code tool} as the named function, {@code none}
 * as none, {@code disable_parallel_tool_use: true} as {@code parallel_tool_calls: false}. Anthropic's server and
 * client-defined tool types (bash, text editor, web search, ...) have no counterpart elsewhere and are refused.
 */
final class MessagesTools {
    private MessagesTools() {
    }

    static void translate(JsonNode tools, JsonNode choice, ObjectNode out) {
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw invalid("tools: Input should be a valid list", "tools");
            }
            ArrayNode mapped = Json.mapper().createArrayNode();
            for (int i = 0; i < tools.size(); i++) {
                mapped.add(tool(tools.get(i), "tools." + i));
            }
            if (!mapped.isEmpty()) {
                out.set("tools", mapped);
            }
        }
        if (choice == null || choice.isNull()) {
            return;
        }
        if (!choice.isObject()) {
            throw invalid("tool_choice: Input should be a valid dictionary", "tool_choice");
        }
        JsonNode parallel = choice.get("disable_parallel_tool_use");
        if (parallel != null && !parallel.isNull() && !parallel.isBoolean()) {
            throw invalid("tool_choice.disable_parallel_tool_use: Input should be a valid boolean", "tool_choice");
        }
        String type = choice.path("type").asText("");
        switch (type) {
            case "auto" -> out.put("tool_choice", "auto");
            case "any" -> out.put("tool_choice", "required");
            case "none" -> out.put("tool_choice", "none");
            case "tool" -> out.putObject("tool_choice").put("type", "function").putObject("function")
                    .put("name", MessagesContent.string(choice, "name", "tool_choice"));
            default -> throw invalid("tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'", "tool_choice.type");
        }
        if (!type.equals("none") && out.has("tools") && parallel != null && parallel.asBoolean(false)) {
            out.put("parallel_tool_calls", false);
        }
        if (!type.equals("auto") && !type.equals("none") && !out.has("tools")) {
            throw invalid("tool_choice: tool use is forced but no tools are given", "tool_choice");
        }
    }

    private static ObjectNode tool(JsonNode tool, String p) {
        if (!tool.isObject()) {
            throw invalid(p + ": Input should be a valid dictionary", p);
        }
        String type = tool.path("type").asText("custom");
        if (!type.equals("custom")) {
            throw invalid(p + ".type: tools of type '" + type + "' are not accepted through this gateway; define custom "
                    + "tools with name, description and input_schema", p + ".type");
        }
        String name = MessagesContent.string(tool, "name", p);
        JsonNode schema = tool.get("input_schema");
        if (schema == null || !schema.isObject()) {
            throw invalid(p + ".input_schema: Field required", p + ".input_schema");
        }
        MessagesContent.cacheControl(tool, p);
        ObjectNode fn = Json.mapper().createObjectNode().put("type", "function");
        ObjectNode f = fn.putObject("function").put("name", name);
        JsonNode description = tool.get("description");
        if (description != null && !description.isNull()) {
            f.put("description", MessagesContent.string(tool, "description", p));
        }
        f.set("parameters", schema);
        return fn;
    }
}
