package xyz.pura.events.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import xyz.pura.events.Json;
import xyz.pura.events.ProviderId;

/**
 * Parses and validates an OpenAI chat completions body. Everything that would make an upstream
 * answer 400 (or that we cannot translate) is refused here, so invalid input never leaves the gateway.
 */
public final class ChatRequestParser {
    static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    /** More messages than this is refused. */
    public static final int MAX_MESSAGES = 2048;
    private static final Set<String> QUALITY = Set.of("high", "low");
    /** Longest model name accepted: real ones are under 100 characters; the name reaches events, logs and metrics. */
    public static final int MAX_MODEL_LENGTH = 256;
    /**
     * Characters of a model name: letters, digits and {@code . _ - : / @ +} (dated snapshots, fine-tune ids such as
     * {@code ft:gpt-4o-mini:org::id}, {@code meta-llama/llama-4-scout-17b-16e-instruct}, {@code models/gemini-2.5-pro}).
     */
    private static final java.util.regex.Pattern MODEL_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]*");
    /**
     * Largest output limit accepted (a million tokens, beyond every model's real maximum): the limit is priced
     * into the request's reservation, and {@code 2147483647} tokens at a premium output price overflowed it.
     */
    public static final int MAX_OUTPUT_TOKENS = 1_000_000;

    private ChatRequestParser() {
    }

    /** @param defaultStream what "stream" means when absent: false on /v1, true on /api/chat */
    public static ChatRequest parse(byte[] body, boolean defaultStream) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException("The request body is empty; send a JSON object with \"messages\".", null);
        }
        return parse(readObject(body), defaultStream);
    }

    /** A request body as a JSON object, or a 400 that says what is wrong with it (every door reads its body so). */
    public static ObjectNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException("The request body is empty; send a JSON object.", null);
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("The request body is not valid JSON: " + e.getOriginalMessage(), null);
        } catch (java.io.IOException e) {
            throw new InvalidRequestException("The request body could not be read.", null);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException("The request body must be a JSON object.", null);
        }
        return (ObjectNode) root;
    }

    public static ChatRequest parse(ObjectNode root, boolean defaultStream) {
        String model = model(root);
        List<ChatMessage> messages = messages(root.get("messages"));
        boolean stream = optionalBoolean(root, "stream", defaultStream);
        boolean includeUsage = false;
        JsonNode streamOptions = root.get("stream_options");
        if (streamOptions != null && !streamOptions.isNull()) {
            if (!streamOptions.isObject()) {
                throw new InvalidRequestException("'stream_options' must be an object.", "stream_options");
            }
            includeUsage = optionalBoolean((ObjectNode) streamOptions, "include_usage", false);
        }
        number(root, "temperature", 0, 2);
        number(root, "top_p", 0, 1);
        number(root, "presence_penalty", -2, 2);
        number(root, "frequency_penalty", -2, 2);
        Integer maxTokens = outputLimit(root, "max_completion_tokens");
        Integer legacyMax = outputLimit(root, "max_tokens");
        if (maxTokens == null) {
            maxTokens = legacyMax;
        }
        Integer n = positiveInt(root, "n");
        if (n != null && n > 8) {
            throw new InvalidRequestException("'n' must be at most 8.", "n");
        }
        stop(root.get("stop"));
        reasoningEffort(root.get("reasoning_effort"));
        optionalString(root, "user");
        arrayOfObjects(root, "tools");
        JsonNode responseFormat = root.get("response_format");
        if (responseFormat != null && !responseFormat.isNull()
                && !(responseFormat.isObject() && responseFormat.path("type").isTextual())) {
            throw new InvalidRequestException("'response_format' must be an object with a string 'type'.", "response_format");
        }
        return new ChatRequest(root, model, messages, stream, includeUsage, maxTokens, routing(root.get("routing")));
    }

    /** The requested model, or null for the router's choice ({@code "auto"}, blank or absent). */
    private static String model(ObjectNode root) {
        String model = optionalString(root, "model");
        if (model == null || model.isBlank() || model.equals("auto")) {
            return null;
        }
        if (model.length() > MAX_MODEL_LENGTH) {
            throw new InvalidRequestException("'model' must be at most " + MAX_MODEL_LENGTH + " characters.", "model");
        }
        if (!MODEL_NAME.matcher(model).matches()) {
            throw new InvalidRequestException("'model' must be a model name: letters, digits and . _ - : / @ + only.", "model");
        }
        return model;
    }

    private static Integer outputLimit(ObjectNode root, String field) {
        Integer limit = positiveInt(root, field);
        if (limit != null && limit > MAX_OUTPUT_TOKENS) {
            throw new InvalidRequestException("'" + field + "' must be at most " + MAX_OUTPUT_TOKENS + ".", field);
        }
        return limit;
    }

    private static List<ChatMessage> messages(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new InvalidRequestException("Missing required parameter: 'messages'.", "messages");
        }
        if (!node.isArray()) {
            throw new InvalidRequestException("'messages' must be an array of message objects.", "messages");
        }
        if (node.isEmpty()) {
            throw new InvalidRequestException("'messages' must contain at least one message.", "messages");
        }
        if (node.size() > MAX_MESSAGES) {
            throw new InvalidRequestException("'messages' must contain at most " + MAX_MESSAGES + " messages.", "messages");
        }
        List<ChatMessage> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String param = "messages[" + i + "]";
            JsonNode m = node.get(i);
            if (!m.isObject()) {
                throw new InvalidRequestException("'" + param + "' must be an object.", param);
            }
            JsonNode role = m.get("role");
            if (role == null || !role.isTextual()) {
                throw new InvalidRequestException("Missing required parameter: '" + param + ".role'.", param + ".role");
            }
            if (!ROLES.contains(role.asText())) {
                throw new InvalidRequestException("Invalid value for '" + param + ".role': '" + role.asText()
                        + "'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool' and 'function'.",
                        param + ".role");
            }
            JsonNode content = m.get("content");
            boolean assistantWithTools = role.asText().equals("assistant") && m.path("tool_calls").isArray();
            if (content == null || content.isNull()) {
                if (!assistantWithTools) {
                    throw new InvalidRequestException("Missing required parameter: '" + param + ".content'.", param + ".content");
                }
            } else if (content.isArray()) {
                for (int p = 0; p < content.size(); p++) {
                    JsonNode part = content.get(p);
                    if (!part.isObject() || !part.path("type").isTextual()) {
                        throw new InvalidRequestException("'" + param + ".content[" + p + "]' must be an object with a string 'type'.",
                                param + ".content[" + p + "]");
                    }
                }
            } else if (!content.isTextual()) {
                throw new InvalidRequestException("'" + param + ".content' must be a string or an array of content parts.",
                        param + ".content");
            }
            if (role.asText().equals("tool") && !m.path("tool_call_id").isTextual()) {
                throw new InvalidRequestException("Missing required parameter: '" + param + ".tool_call_id'.", param + ".tool_call_id");
            }
            out.add(new ChatMessage(role.asText(), content, (ObjectNode) m));
        }
        return List.copyOf(out);
    }

    private static RoutingHints routing(JsonNode node) {
        if (node == null || node.isNull()) {
            return RoutingHints.NONE;
        }
        if (!node.isObject()) {
            throw new InvalidRequestException("'routing' must be an object.", "routing");
        }
        String quality = optionalString((ObjectNode) node, "quality");
        if (quality != null && !QUALITY.contains(quality)) {
            throw new InvalidRequestException("Invalid value for 'routing.quality': '" + quality
                    + "'. Supported values are: 'high' and 'low'.", "routing.quality");
        }
        String prefer = optionalString((ObjectNode) node, "prefer");
        ProviderId preferred = null;
        if (prefer != null) {
            preferred = ProviderId.fromWire(prefer).orElseThrow(() -> new InvalidRequestException(
                    "Invalid value for 'routing.prefer': '" + prefer + "'. Supported values are: "
                            + Arrays.stream(ProviderId.values()).map(p -> "'" + p.wireName() + "'").toList() + ".",
                    "routing.prefer"));
        }
        return new RoutingHints(quality, preferred);
    }

    /** OpenAI's reasoning efforts; routing and every translation read the field, so a bad one is refused here. */
    static final Set<String> REASONING_EFFORTS = Set.of("none", "minimal", "low", "medium", "high");

    private static void reasoningEffort(JsonNode effort) {
        if (effort == null || effort.isNull()) {
            return;
        }
        if (!effort.isTextual() || !REASONING_EFFORTS.contains(effort.asText())) {
            throw new InvalidRequestException("'reasoning_effort' must be one of 'none', 'minimal', 'low', 'medium' or "
                    + "'high'.", "reasoning_effort");
        }
    }

    private static String optionalString(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidRequestException("'" + field + "' must be a string.", field);
        }
        return v.asText();
    }

    private static boolean optionalBoolean(ObjectNode node, String field, boolean dflt) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new InvalidRequestException("'" + field + "' must be a boolean.", field);
        }
        return v.asBoolean();
    }

    private static void number(ObjectNode node, String field, double min, double max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isNumber()) {
            throw new InvalidRequestException("'" + field + "' must be a number.", field);
        }
        // a sampling parameter, not money: comparing its range as a double is exact enough
        double d = v.decimalValue().doubleValue();
        if (d < min || d > max) {
            throw new InvalidRequestException("'" + field + "' must be between " + trim(min) + " and " + trim(max) + ".", field);
        }
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static Integer positiveInt(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
            throw new InvalidRequestException("'" + field + "' must be a positive integer.", field);
        }
        return v.intValue();
    }

    private static void stop(JsonNode v) {
        if (v == null || v.isNull() || v.isTextual()) {
            return;
        }
        if (v.isArray() && v.size() <= 4) {
            for (JsonNode s : v) {
                if (!s.isTextual()) {
                    throw new InvalidRequestException("'stop' must be a string or an array of up to 4 strings.", "stop");
                }
            }
            return;
        }
        throw new InvalidRequestException("'stop' must be a string or an array of up to 4 strings.", "stop");
    }

    private static void arrayOfObjects(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isArray()) {
            throw new InvalidRequestException("'" + field + "' must be an array.", field);
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isObject()) {
                throw new InvalidRequestException("'" + field + "[" + i + "]' must be an object.", field + "[" + i + "]");
            }
        }
    }
}
