package xyz.pura.ingress.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import xyz.pura.events.Json;
import xyz.pura.events.chat.InvalidRequestException;

/**
 * A Responses API request ({@code POST /v1/responses}) as the chat body the pipeline serves: {@code instructions}
 * become a system message, {@code input} (a string, or message, {@code function_call} and
 * {@code function_call_output} items) becomes messages, function tools and {@code tool_choice} become chat's,
 * {@code text.format} becomes {@code response_format}, {@code max_output_tokens} becomes
 * {@code max_completion_tokens} and {@code reasoning.effort} becomes {@code reasoning_effort}. Streams always ask for
 * usage, since {@code response.completed} carries it.
 *
 * <p>The gateway is stateless: nothing is stored, so {@code previous_response_id}, {@code store: true},
 * {@code conversation}, {@code background} and item references are refused with a 400 that says so; the client sends
 * the whole conversation each turn (as Codex and the Agents SDK do with {@code store: false}). Reasoning items from
 * an earlier answer are dropped: no provider other than the one that wrote them can read them.
 */
public final class ResponsesRequest {
    /** Members with no counterpart that change nothing about the answer, accepted and ignored. */
    private static final Set<String> IGNORED = Set.of("include", "truncation", "service_tier", "metadata", "store",
            "stream_options", "prompt_cache_key", "safety_identifier", "text", "reasoning", "background");
    private static final Set<String> KNOWN = Set.of("model", "input", "instructions", "tools", "tool_choice",
            "max_output_tokens", "temperature", "top_p", "stream", "parallel_tool_calls", "user", "routing",
            "previous_response_id", "conversation", "prompt", "top_logprobs", "max_tool_calls");

    private ResponsesRequest() {
    }

    /** The chat body for {@code request}, or an {@link InvalidRequestException} naming the Responses member at fault. */
    public static ObjectNode toChat(JsonNode request) {
        if (!(request instanceof ObjectNode body)) {
            throw new InvalidRequestException("The request body must be a JSON object.", null);
        }
        refuseState(body);
        ObjectNode chat = Json.mapper().createObjectNode();
        for (var field : body.properties()) {
            String name = field.getKey();
            if (!KNOWN.contains(name) && !IGNORED.contains(name)) {
                throw new InvalidRequestException("Unrecognized request argument supplied: " + name, name);
            }
        }
        chat.set("model", body.has("model") ? body.get("model") : Json.mapper().getNodeFactory().textNode("auto"));
        ArrayNode messages = chat.putArray("messages");
        JsonNode instructions = body.get("instructions");
        if (instructions != null && !instructions.isNull()) {
            if (!instructions.isTextual()) {
                throw new InvalidRequestException("'instructions' must be a string.", "instructions");
            }
            messages.addObject().put("role", "system").put("content", instructions.asText());
        }
        ResponsesInput.append(body.get("input"), messages);
        copy(body, "temperature", chat, "temperature");
        copy(body, "top_p", chat, "top_p");
        copy(body, "parallel_tool_calls", chat, "parallel_tool_calls");
        copy(body, "user", chat, "user");
        copy(body, "routing", chat, "routing");
        copy(body, "max_output_tokens", chat, "max_completion_tokens");
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull()) {
            if (!stream.isBoolean()) {
                throw new InvalidRequestException("'stream' must be a boolean.", "stream");
            }
            chat.put("stream", stream.asBoolean());
            if (stream.asBoolean()) {
                chat.putObject("stream_options").put("include_usage", true);
            }
        }
        tools(body.get("tools"), chat);
        toolChoice(body.get("tool_choice"), chat);
        format(body.path("text"), chat);
        reasoning(body.get("reasoning"), chat);
        if (body.hasNonNull("top_logprobs")) {
            throw new InvalidRequestException("'top_logprobs' is not supported on /v1/responses by this gateway; "
                    + "use /v1/chat/completions with logprobs.", "top_logprobs");
        }
        if (body.hasNonNull("prompt")) {
            throw new InvalidRequestException("Stored prompt templates ('prompt') are not available: this gateway "
                    + "stores nothing. Send the prompt as 'instructions' and 'input'.", "prompt");
        }
        if (body.hasNonNull("max_tool_calls")) {
            throw new InvalidRequestException("'max_tool_calls' applies to built-in tools, which this gateway does not "
                    + "run; only function tools are supported.", "max_tool_calls");
        }
        return chat;
    }

    private static void refuseState(ObjectNode body) {
        String stateless = " This gateway is stateless and stores no responses: send the whole conversation in 'input' "
                + "each turn (with \"store\": false).";
        if (body.hasNonNull("previous_response_id")) {
            throw new InvalidRequestException("'previous_response_id' is not supported." + stateless, "previous_response_id");
        }
        if (body.hasNonNull("conversation")) {
            throw new InvalidRequestException("'conversation' is not supported." + stateless, "conversation");
        }
        JsonNode store = body.get("store");
        if (store != null && !store.isNull() && !store.isBoolean()) {
            throw new InvalidRequestException("'store' must be a boolean.", "store");
        }
        if (store != null && store.asBoolean(false)) {
            throw new InvalidRequestException("'store': true is not supported." + stateless, "store");
        }
        if (body.path("background").asBoolean(false)) {
            throw new InvalidRequestException("'background': true is not supported: responses are answered while the "
                    + "request is open, and nothing is stored to poll.", "background");
        }
    }

    private static void copy(ObjectNode from, String name, ObjectNode to, String as) {
        JsonNode value = from.get(name);
        if (value != null && !value.isNull()) {
            to.set(as, value);
        }
    }

    private static void tools(JsonNode tools, ObjectNode chat) {
        if (tools == null || tools.isNull()) {
            return;
        }
        if (!tools.isArray()) {
            throw new InvalidRequestException("'tools' must be an array.", "tools");
        }
        if (tools.isEmpty()) {
            return;
        }
        ArrayNode out = chat.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String param = "tools[" + i + "]";
            String type = tool.path("type").asText("");
            if (!type.equals("function")) {
                throw new InvalidRequestException("Tool type '" + type + "' is not supported: this gateway runs no built-in "
                        + "tools (web search, file search, code interpreter, computer use, MCP); only 'function' tools are "
                        + "passed to the model.", param + ".type");
            }
            if (!tool.path("name").isTextual() || tool.path("name").asText().isEmpty()) {
                throw new InvalidRequestException("Missing required parameter: '" + param + ".name'.", param + ".name");
            }
            ObjectNode function = out.addObject().put("type", "function").putObject("function");
            function.put("name", tool.get("name").asText());
            copy((ObjectNode) tool, "description", function, "description");
            copy((ObjectNode) tool, "parameters", function, "parameters");
            copy((ObjectNode) tool, "strict", function, "strict");
        }
    }

    private static void toolChoice(JsonNode choice, ObjectNode chat) {
        if (choice == null || choice.isNull()) {
            return;
        }
        if (choice.isTextual() && Set.of("auto", "none", "required").contains(choice.asText())) {
            chat.set("tool_choice", choice);
            return;
        }
        if (choice.isObject() && choice.path("type").asText("").equals("function") && choice.path("name").isTextual()) {
            chat.putObject("tool_choice").put("type", "function").putObject("function").put("name", choice.get("name").asText());
            return;
        }
        throw new InvalidRequestException("'tool_choice' must be 'auto', 'none', 'required' or {\"type\": \"function\", "
                + "\"name\": ...}.", "tool_choice");
    }

    private static void format(JsonNode text, ObjectNode chat) {
        JsonNode format = text.path("format");
        if (format.isMissingNode() || format.isNull()) {
            return;
        }
        switch (format.path("type").asText("")) {
            case "text" -> {
            }
            case "json_object" -> chat.putObject("response_format").put("type", "json_object");
            case "json_schema" -> {
                if (!format.path("name").isTextual() || !format.path("schema").isObject()) {
                    throw new InvalidRequestException("'text.format' of type 'json_schema' needs a 'name' and a 'schema' object.",
                            "text.format");
                }
                ObjectNode schema = chat.putObject("response_format").put("type", "json_schema").putObject("json_schema");
                schema.put("name", format.get("name").asText());
                schema.set("schema", format.get("schema"));
                copy((ObjectNode) format, "strict", schema, "strict");
                copy((ObjectNode) format, "description", schema, "description");
            }
            default -> throw new InvalidRequestException("'text.format.type' must be 'text', 'json_object' or 'json_schema'.",
                    "text.format.type");
        }
    }

    private static void reasoning(JsonNode reasoning, ObjectNode chat) {
        if (reasoning == null || reasoning.isNull()) {
            return;
        }
        if (!reasoning.isObject()) {
            throw new InvalidRequestException("'reasoning' must be an object.", "reasoning");
        }
        JsonNode effort = reasoning.get("effort");
        if (effort != null && !effort.isNull()) {
            chat.set("reasoning_effort", effort); // validated with chat's own rules (one of OpenAI's efforts)
        }
    }
}
