package xyz.pura.ingress.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import xyz.pura.events.Json;

/**
 * The Responses API's {@code response} object: its shell (what the request asked, echoed as OpenAI does), and a
 * whole answer made from a chat completion: the message's text as a {@code message} item with one
 * {@code output_text} part, each tool call as a {@code function_call} item, usage in the Responses names, and the
 * gateway's {@code pura} object.
 */
public final class ResponsesAnswer {
    private ResponsesAnswer() {
    }

    /** The response id for a gateway request id ({@code req_...} becomes {@code resp_...}). */
    public static String id(String requestId) {
        return "resp_" + (requestId.startsWith("req_") ? requestId.substring(4) : requestId);
    }

    /** The response object before any output: {@code status} in_progress, completed, incomplete or failed. */
    static ObjectNode shell(JsonNode request, String id, String model, long createdAt, String status) {
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("id", id);
        r.put("object", "response");
        r.put("created_at", createdAt);
        r.put("status", status);
        r.putNull("error");
        r.putNull("incomplete_details");
        r.set("instructions", request.path("instructions").isTextual() ? request.get("instructions") : null);
        if (!r.hasNonNull("instructions")) {
            r.putNull("instructions");
        }
        putOrNull(r, "max_output_tokens", request.get("max_output_tokens"));
        r.put("model", model);
        r.putArray("output");
        r.put("parallel_tool_calls", request.path("parallel_tool_calls").asBoolean(true));
        r.putNull("previous_response_id");
        ObjectNode reasoning = r.putObject("reasoning");
        putOrNull(reasoning, "effort", request.path("reasoning").get("effort"));
        reasoning.putNull("summary");
        r.put("store", false);
        putOrNull(r, "temperature", request.get("temperature"));
        ObjectNode text = r.putObject("text");
        JsonNode format = request.path("text").get("format");
        if (format != null && format.isObject()) {
            text.set("format", format);
        } else {
            text.putObject("format").put("type", "text");
        }
        r.set("tool_choice", request.hasNonNull("tool_choice") ? request.get("tool_choice")
                : Json.mapper().getNodeFactory().textNode("auto"));
        r.set("tools", request.path("tools").isArray() ? request.get("tools") : Json.mapper().createArrayNode());
        putOrNull(r, "top_p", request.get("top_p"));
        r.put("truncation", request.path("truncation").asText("disabled"));
        putOrNull(r, "usage", null);
        putOrNull(r, "user", request.get("user"));
        r.set("metadata", request.path("metadata").isObject() ? request.get("metadata") : Json.mapper().createObjectNode());
        return r;
    }

    /** A whole answer: {@code completion} is the pipeline's chat completion (with its {@code pura} object). */
    public static ObjectNode of(JsonNode request, String requestId, ObjectNode completion) {
        JsonNode choice = completion.path("choices").path(0);
        String finish = choice.path("finish_reason").asText("stop");
        ObjectNode r = shell(request, id(requestId), completion.path("model").asText(),
                completion.path("created").asLong(System.currentTimeMillis() / 1000), status(finish));
        incomplete(r, finish);
        ArrayNode output = (ArrayNode) r.get("output");
        JsonNode message = choice.path("message");
        String text = message.path("content").isTextual() ? message.get("content").asText() : null;
        if (text != null && !text.isEmpty()) {
            output.add(messageItem(ResponsesIds.message(requestId, 0), text, "completed"));
        }
        JsonNode calls = message.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            output.add(functionCall(ResponsesIds.functionCall(requestId, i), call.path("id").asText(),
                    call.path("function").path("name").asText(), call.path("function").path("arguments").asText(""),
                    "completed"));
        }
        r.set("usage", usage(completion.path("usage")));
        if (completion.has("pura")) {
            r.set("pura", completion.get("pura"));
        }
        return r;
    }

    static String status(String finishReason) {
        return finishReason.equals("length") || finishReason.equals("content_filter") ? "incomplete" : "completed";
    }

    static void incomplete(ObjectNode response, String finishReason) {
        if (finishReason.equals("length")) {
            response.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else if (finishReason.equals("content_filter")) {
            response.putObject("incomplete_details").put("reason", "content_filter");
        }
    }

    static ObjectNode messageItem(String id, String text, String status) {
        ObjectNode item = Json.mapper().createObjectNode();
        item.put("type", "message").put("id", id).put("status", status).put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(textPart(text));
        }
        return item;
    }

    static ObjectNode textPart(String text) {
        ObjectNode part = Json.mapper().createObjectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    static ObjectNode functionCall(String id, String callId, String name, String arguments, String status) {
        return Json.mapper().createObjectNode().put("type", "function_call").put("id", id).put("call_id", callId)
                .put("name", name).put("arguments", arguments).put("status", status);
    }

    /** Chat usage in the Responses names (details are always present, as OpenAI sends them). */
    static ObjectNode usage(JsonNode chat) {
        ObjectNode u = Json.mapper().createObjectNode();
        long input = chat.path("prompt_tokens").asLong(0);
        long output = chat.path("completion_tokens").asLong(0);
        u.put("input_tokens", input);
        u.putObject("input_tokens_details").put("cached_tokens", chat.path("prompt_tokens_details").path("cached_tokens").asLong(0));
        u.put("output_tokens", output);
        u.putObject("output_tokens_details").put("reasoning_tokens",
                chat.path("completion_tokens_details").path("reasoning_tokens").asLong(0));
        u.put("total_tokens", chat.path("total_tokens").asLong(input + output));
        return u;
    }

    private static void putOrNull(ObjectNode to, String name, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            to.putNull(name);
        } else {
            to.set(name, value);
        }
    }
}
