package xyz.pura.ingress.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import xyz.pura.events.Json;
import xyz.pura.events.chat.ChatRequestParser;
import xyz.pura.events.chat.InvalidRequestException;

/**
 * An Anthropic Messages request, checked as Anthropic checks it, translated into the OpenAI chat body the gateway
 * routes, meters and (for every provider but Anthropic) sends. The top level:
 * <ul>
 *   <li>{@code model} (required; {@code "auto"} lets Pura choose), {@code max_tokens} (required, except to count
 *       tokens) as {@code max_completion_tokens}, {@code stream} (a stream also asks for usage), {@code system} (a
 *       string or text blocks) as the first system message;</li>
 *   <li>{@code temperature} and {@code top_p} (each 0 to 1), {@code stop_sequences} as {@code stop} (at most 4, the
 *       most OpenAI's format carries), {@code metadata.user_id} as {@code user}; {@code top_k} is checked, and
 *       reaches Claude only;</li>
 *   <li>{@code tools} (custom tools: name, description, input_schema) as function tools, {@code tool_choice} (auto,
 *       any, tool, none; {@code disable_parallel_tool_use}) as OpenAI's;</li>
 *   <li>{@code thinking: {type: "enabled", budget_tokens}} (at least 1,024, below max_tokens) as a
 *       {@code reasoning_effort} of the same size (under 4,096 low, under 16,384 medium, else high), so routing keeps
 *       it on models that think; {@code {type: "disabled"}} as none.</li>
 * </ul>
 * The messages are {@link MessagesContent}'s. {@code cache_control}, thinking blocks and their signatures are checked
 * but not translated: Claude receives the request as it was written ({@code ChatRequest.anthropicMessages}), and the
 * other providers have no such thing.
 */
public final class MessagesToChat {
    /** The most stop sequences the translation carries (OpenAI's limit for {@code stop}). */
    static final int MAX_STOP_SEQUENCES = 4;
    /** Anthropic's smallest thinking budget. */
    static final int MIN_THINKING_BUDGET = 1024;

    private MessagesToChat() {
    }

    /**
     * @param countOnly for {@code count_tokens}: {@code max_tokens} is not required and {@code stream} is ignored
     * @return the OpenAI chat body (for {@link ChatRequestParser#parse(ObjectNode, boolean)})
     */
    public static ObjectNode translate(ObjectNode in, boolean countOnly) {
        ObjectNode out = Json.mapper().createObjectNode();
        JsonNode model = in.get("model");
        if (model == null || model.isNull()) {
            throw invalid("model: Field required", "model");
        }
        if (!model.isTextual() || model.asText().isBlank()) {
            throw invalid("model: Input should be a valid string", "model");
        }
        out.put("model", model.asText());
        Integer maxTokens = maxTokens(in.get("max_tokens"), countOnly);
        if (maxTokens != null) {
            out.put("max_completion_tokens", maxTokens);
        }
        ArrayNode messages = out.putArray("messages");
        MessagesContent.system(in.get("system"), messages);
        MessagesContent.messages(in.get("messages"), messages);
        unit(in, out, "temperature");
        unit(in, out, "top_p");
        topK(in.get("top_k"));
        stop(in.get("stop_sequences"), out);
        metadata(in.get("metadata"), out);
        MessagesTools.translate(in.get("tools"), in.get("tool_choice"), out);
        thinking(in.get("thinking"), maxTokens, out);
        JsonNode stream = in.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw invalid("stream: Input should be a valid boolean", "stream");
        }
        if (!countOnly && stream != null && stream.asBoolean(false)) {
            out.put("stream", true);
            out.putObject("stream_options").put("include_usage", true);
        }
        return out;
    }

    private static Integer maxTokens(JsonNode v, boolean countOnly) {
        if (v == null || v.isNull()) {
            if (countOnly) {
                return null;
            }
            throw invalid("max_tokens: Field required", "max_tokens");
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
            throw invalid("max_tokens: Input should be an integer greater than or equal to 1", "max_tokens");
        }
        if (v.intValue() > ChatRequestParser.MAX_OUTPUT_TOKENS) {
            throw invalid("max_tokens: must be at most " + ChatRequestParser.MAX_OUTPUT_TOKENS + " through this gateway",
                    "max_tokens");
        }
        return v.intValue();
    }

    private static void unit(ObjectNode in, ObjectNode out, String field) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        // a sampling parameter, not money: its range compared exactly as a decimal
        if (!v.isNumber() || v.decimalValue().signum() < 0 || v.decimalValue().compareTo(java.math.BigDecimal.ONE) > 0) {
            throw invalid(field + ": Input should be a number from 0 to 1", field);
        }
        out.set(field, v);
    }

    private static void topK(JsonNode v) {
        if (v != null && !v.isNull() && (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0)) {
            throw invalid("top_k: Input should be a non-negative integer", "top_k");
        }
    }

    private static void stop(JsonNode v, ObjectNode out) {
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isArray()) {
            throw invalid("stop_sequences: Input should be a valid list", "stop_sequences");
        }
        if (v.size() > MAX_STOP_SEQUENCES) {
            throw invalid("stop_sequences: at most " + MAX_STOP_SEQUENCES + " stop sequences are accepted through this "
                    + "gateway", "stop_sequences");
        }
        ArrayNode stop = Json.mapper().createArrayNode();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual() || v.get(i).asText().isBlank()) {
                throw invalid("stop_sequences." + i + ": each stop sequence must be a string containing non-whitespace",
                        "stop_sequences");
            }
            stop.add(v.get(i).asText());
        }
        if (!stop.isEmpty()) {
            out.set("stop", stop);
        }
    }

    private static void metadata(JsonNode v, ObjectNode out) {
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isObject()) {
            throw invalid("metadata: Input should be a valid dictionary", "metadata");
        }
        JsonNode user = v.get("user_id");
        if (user != null && !user.isNull()) {
            if (!user.isTextual()) {
                throw invalid("metadata.user_id: Input should be a valid string", "metadata.user_id");
            }
            out.put("user", user.asText());
        }
    }

    private static void thinking(JsonNode v, Integer maxTokens, ObjectNode out) {
        if (v == null || v.isNull()) {
            return;
        }
        String type = v.path("type").asText("");
        if (!v.isObject() || !(type.equals("enabled") || type.equals("disabled"))) {
            throw invalid("thinking: Input should be {\"type\": \"enabled\", \"budget_tokens\": N} or {\"type\": \"disabled\"}",
                    "thinking");
        }
        if (type.equals("disabled")) {
            return;
        }
        JsonNode budget = v.get("budget_tokens");
        if (budget == null || !budget.isIntegralNumber() || !budget.canConvertToInt()) {
            throw invalid("thinking.enabled.budget_tokens: Field required", "thinking.budget_tokens");
        }
        int b = budget.intValue();
        if (b < MIN_THINKING_BUDGET) {
            throw invalid("thinking.enabled.budget_tokens: Input should be greater than or equal to " + MIN_THINKING_BUDGET,
                    "thinking.budget_tokens");
        }
        if (maxTokens != null && maxTokens <= b) {
            throw invalid("`max_tokens` must be greater than `thinking.budget_tokens`.", "max_tokens");
        }
        out.put("reasoning_effort", b < 4096 ? "low" : b < 16384 ? "medium" : "high");
    }

    static InvalidRequestException invalid(String message, String param) {
        return new InvalidRequestException(message, param);
    }
}
