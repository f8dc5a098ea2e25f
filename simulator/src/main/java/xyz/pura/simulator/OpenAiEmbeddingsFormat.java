package xyz.pura.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * OpenAI's embeddings ({@code POST /v1/embeddings}), as strict as OpenAI: {@code model} required and an embedding
 * model (else 404 {@code model_not_found}); {@code input} a non-empty string, or an array of 1 to 2,048 non-empty
 * strings, token ids or non-empty token arrays; {@code dimensions} only on the text-embedding-3 models and within
 * their length; {@code encoding_format} float or base64; no other argument. The answer is OpenAI's {@code list} of
 * {@code embedding}s ({@link SimEmbeddings}), with {@code usage.prompt_tokens} (characters / 4 per text, the length
 * of a token array). Injected faults as on chat.
 */
final class OpenAiEmbeddingsFormat {
    private static final String PROVIDER = "openai";
    private static final Set<String> FIELDS = Set.of("model", "input", "dimensions", "encoding_format", "user");
    private final SimulatorConfig config;
    private final SimulatorState state;
    private final ObjectMapper json = new ObjectMapper();

    OpenAiEmbeddingsFormat(SimulatorConfig config, SimulatorState state) {
        this.config = config;
        this.state = state;
    }

    void handle(Context ctx) throws IOException {
        String auth = ctx.header("Authorization");
        state.recordRequest(PROVIDER, auth == null ? null : auth.replaceFirst("^Bearer ", ""), ctx.body());
        if (auth == null || !auth.startsWith("Bearer ") || auth.length() <= "Bearer ".length()) {
            OpenAiErrors.write(ctx, PROVIDER, 401, "invalid_request_error", "invalid_api_key", null, "You didn't provide an API key.");
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (IOException e) {
            invalid(ctx, null, null, "We could not parse the JSON body of your request.");
            return;
        }
        if (body == null || !body.isObject()) {
            invalid(ctx, null, null, "The request body must be a JSON object.");
            return;
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                invalid(ctx, null, null, "Unrecognized request argument supplied: " + field);
                return;
            }
        }
        JsonNode modelNode = body.get("model");
        if (modelNode == null || !modelNode.isTextual()) {
            invalid(ctx, "model", "missing_required_parameter", "you must provide a model parameter");
            return;
        }
        String model = modelNode.asText();
        SimEmbeddings.Model shape = SimEmbeddings.MODELS.get(model);
        if (shape == null || !shape.provider().equals(PROVIDER)) {
            OpenAiErrors.write(ctx, PROVIDER, 404, "invalid_request_error", "model_not_found", null,
                    "The model `" + model + "` does not exist or you do not have access to it.");
            return;
        }
        JsonNode input = body.get("input");
        String inputProblem = inputProblem(input);
        if (inputProblem != null) {
            invalid(ctx, "input", null, inputProblem);
            return;
        }
        int dimensions = shape.defaultDimensions();
        JsonNode dims = body.get("dimensions");
        if (dims != null && !dims.isNull()) {
            if (shape.minDimensions() == 0) {
                invalid(ctx, null, null, "This model does not support specifying dimensions.");
                return;
            }
            if (!dims.isIntegralNumber() || !dims.canConvertToInt() || dims.intValue() < 1
                    || dims.intValue() > shape.defaultDimensions()) {
                invalid(ctx, "dimensions", "invalid_value", "Invalid value for 'dimensions' = " + dims
                        + ". Must be between 1 and " + shape.defaultDimensions() + ".");
                return;
            }
            dimensions = dims.intValue();
        }
        JsonNode format = body.get("encoding_format");
        if (format != null && !format.isNull() && !(format.isTextual() && Set.of("float", "base64").contains(format.asText()))) {
            invalid(ctx, "encoding_format", "invalid_value", "Invalid value for 'encoding_format': must be one of float, base64.");
            return;
        }
        JsonNode user = body.get("user");
        if (user != null && !user.isNull() && !user.isTextual()) {
            invalid(ctx, "user", "invalid_type", "Invalid type for 'user': expected a string.");
            return;
        }
        Fault fault = Faults.choose(ctx, state, PROVIDER);
        if (fault != null && Faults.failsBeforeAnswer(fault)) {
            Faults.applyBeforeAnswer(ctx, fault, config, (status, message) -> OpenAiErrors.write(ctx, PROVIDER, status,
                    status == 429 ? "rate_limit_error" : "server_error", status == 429 ? "rate_limit_exceeded" : null, null, message));
            return;
        }
        boolean base64 = format != null && "base64".equals(format.asText());
        ctx.contentType("application/json").result(json.writeValueAsBytes(answer(model, input, dimensions, base64)));
    }

    private ObjectNode answer(String model, JsonNode input, int dimensions, boolean base64) {
        ObjectNode root = json.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        int tokens = 0;
        JsonNode items = input.isTextual() || (input.isArray() && input.get(0).isIntegralNumber())
                ? json.createArrayNode().add(input) : input;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            float[] vector;
            if (item.isTextual()) {
                vector = SimEmbeddings.vector(model, item.asText(), dimensions, true);
                tokens += SimEmbeddings.tokens(item.asText());
            } else {
                int[] ids = new int[item.size()];
                for (int t = 0; t < ids.length; t++) {
                    ids[t] = item.get(t).intValue();
                }
                vector = SimEmbeddings.vector(model, ids, dimensions, true);
                tokens += ids.length;
            }
            ObjectNode e = data.addObject().put("object", "embedding").put("index", i);
            if (base64) {
                e.put("embedding", SimEmbeddings.base64(vector));
            } else {
                ArrayNode values = e.putArray("embedding");
                for (float f : vector) {
                    values.add(f);
                }
            }
        }
        root.put("model", model);
        root.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return root;
    }

    /** What OpenAI says of a malformed {@code input}, or null when it takes it. */
    static String inputProblem(JsonNode input) {
        if (input == null || input.isNull()) {
            return "'input' is a required property";
        }
        if (input.isTextual()) {
            return input.asText().isEmpty() ? "'$.input' is invalid. Please check the API reference: "
                    + "https://platform.openai.com/docs/api-reference." : null;
        }
        if (!input.isArray() || input.isEmpty() || input.size() > 2048) {
            return "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.";
        }
        boolean texts = input.get(0).isTextual();
        boolean ids = input.get(0).isIntegralNumber();
        for (JsonNode item : input) {
            boolean ok = texts ? item.isTextual() && !item.asText().isEmpty()
                    : ids ? tokenId(item)
                    : item.isArray() && !item.isEmpty() && allTokenIds(item);
            if (!ok) {
                return "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.";
            }
        }
        return null;
    }

    private static boolean allTokenIds(JsonNode array) {
        for (JsonNode t : array) {
            if (!tokenId(t)) {
                return false;
            }
        }
        return true;
    }

    private static boolean tokenId(JsonNode t) {
        return t.isIntegralNumber() && t.canConvertToInt() && t.intValue() >= 0;
    }

    private static void invalid(Context ctx, String param, String code, String message) {
        OpenAiErrors.write(ctx, PROVIDER, 400, "invalid_request_error", code, param, message);
    }
}
