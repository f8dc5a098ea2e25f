package xyz.pura.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Set;

/**
 * Gemini's embeddings: {@code models/{model}:embedContent} ({@code {"content":{"parts":[{"text"}]}}}, answered
 * {@code {"embedding":{"values":[...]}}}) and {@code :batchEmbedContents} ({@code {"requests":[EmbedContentRequest]}},
 * answered {@code {"embeddings":[{"values":[...]}]}}), as strict as Gemini: only embedding models (a chat model is
 * 404 NOT_FOUND, as Gemini answers a method a model does not support); 1 to 100 requests per batch, each naming the
 * batch's model as {@code models/{model}}; content with non-empty parts of text; {@code outputDimensionality} a whole
 * number within the model's range (gemini-embedding-001 128 to 3,072); {@code taskType} one of Gemini's. No usage:
 * Gemini reports none for embeddings. Errors in Google's {@code {"error":{"code","message","status"}}}; injected
 * faults as on generateContent.
 */
final class GeminiEmbeddingsFormat {
    private static final String PROVIDER = "gemini";
    static final int MAX_BATCH = 100;
    private static final Set<String> TASK_TYPES = Set.of("TASK_TYPE_UNSPECIFIED", "RETRIEVAL_QUERY", "RETRIEVAL_DOCUMENT",
            "SEMANTIC_SIMILARITY", "CLASSIFICATION", "CLUSTERING", "QUESTION_ANSWERING", "FACT_VERIFICATION",
            "CODE_RETRIEVAL_QUERY");
    private final SimulatorConfig config;
    private final SimulatorState state;
    private final ObjectMapper json = new ObjectMapper();

    GeminiEmbeddingsFormat(SimulatorConfig config, SimulatorState state) {
        this.config = config;
        this.state = state;
    }

    static boolean handles(String method) {
        return method.equals("embedContent") || method.equals("batchEmbedContents");
    }

    /** Called by {@link GeminiFormat} once the key is checked and recorded. */
    void handle(Context ctx, String model, String method) throws IOException {
        SimEmbeddings.Model shape = SimEmbeddings.MODELS.get(model);
        if (shape == null || !shape.provider().equals(PROVIDER)) {
            error(ctx, 404, "NOT_FOUND", "models/" + model + " is not found for API version v1beta, or is not supported for "
                    + method + ". Call ListModels to see the list of available models and their supported methods.");
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (IOException e) {
            error(ctx, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
            return;
        }
        if (body == null || !body.isObject()) {
            error(ctx, 400, "INVALID_ARGUMENT", "Invalid JSON payload received. Expected an object.");
            return;
        }
        boolean batch = method.equals("batchEmbedContents");
        ArrayNode requests = json.createArrayNode();
        String refusal;
        if (batch) {
            JsonNode rs = body.get("requests");
            refusal = rs == null || !rs.isArray() || rs.isEmpty()
                    ? "* BatchEmbedContentsRequest.requests: requests is not specified"
                    : rs.size() > MAX_BATCH ? "* BatchEmbedContentsRequest.requests: at most " + MAX_BATCH
                    + " requests can be in one batch" : null;
            for (int i = 0; refusal == null && i < rs.size(); i++) {
                refusal = request(rs.get(i), model, shape, "BatchEmbedContentsRequest.requests[" + i + "]", true);
                requests.add(rs.get(i));
            }
        } else {
            refusal = request(body, model, shape, "EmbedContentRequest", false);
            requests.add(body);
        }
        if (refusal != null) {
            error(ctx, 400, "INVALID_ARGUMENT", refusal);
            return;
        }
        Fault fault = Faults.choose(ctx, state, PROVIDER);
        if (fault != null && Faults.failsBeforeAnswer(fault)) {
            Faults.applyBeforeAnswer(ctx, fault, config, (status, message) -> error(ctx, status == 529 ? 503 : status,
                    status == 429 ? "RESOURCE_EXHAUSTED" : status == 504 ? "DEADLINE_EXCEEDED" : status >= 503 ? "UNAVAILABLE"
                            : "INTERNAL", message));
            return;
        }
        ObjectNode answer = json.createObjectNode();
        if (batch) {
            ArrayNode embeddings = answer.putArray("embeddings");
            for (JsonNode r : requests) {
                values(embeddings.addObject(), model, shape, r);
            }
        } else {
            values(answer.putObject("embedding"), model, shape, requests.get(0));
        }
        ctx.contentType("application/json").result(json.writeValueAsBytes(answer));
    }

    private static void values(ObjectNode embedding, String model, SimEmbeddings.Model shape, JsonNode request) {
        StringBuilder text = new StringBuilder();
        request.path("content").path("parts").forEach(p -> text.append(p.path("text").asText("")));
        JsonNode dims = request.get("outputDimensionality");
        int dimensions = dims == null || dims.isNull() ? shape.defaultDimensions() : dims.intValue();
        ArrayNode values = embedding.putArray("values");
        for (float f : SimEmbeddings.vector(model, text.toString(), dimensions, false)) {
            values.add(f);
        }
    }

    /** Gemini's 400 message for one EmbedContentRequest, or null when Gemini takes it. */
    static String request(JsonNode r, String model, SimEmbeddings.Model shape, String at, boolean inBatch) {
        if (!r.isObject()) {
            return "* " + at + ": must be an object";
        }
        JsonNode named = r.get("model");
        if (inBatch && (named == null || !named.isTextual())) {
            return "* " + at + ".model: model is required";
        }
        if (named != null && !("models/" + model).equals(named.asText())) {
            return "* " + at + ".model: the model of each request must be the batch's model, models/" + model;
        }
        JsonNode parts = r.path("content").path("parts");
        if (!parts.isArray() || parts.isEmpty()) {
            return "* " + at + ".content.parts: contents.parts must not be empty.";
        }
        for (int p = 0; p < parts.size(); p++) {
            if (!parts.get(p).path("text").isTextual()) {
                return "* " + at + ".content.parts[" + p + "].text: embedding models take text parts only";
            }
        }
        JsonNode dims = r.get("outputDimensionality");
        if (dims != null && !dims.isNull()) {
            int min = Math.max(1, shape.minDimensions());
            if (!dims.isIntegralNumber() || !dims.canConvertToInt() || dims.intValue() < min
                    || dims.intValue() > shape.defaultDimensions()) {
                return "* " + at + ".output_dimensionality: must be between " + min + " and " + shape.defaultDimensions()
                        + " for models/" + model + ", got " + dims;
            }
        }
        JsonNode task = r.get("taskType");
        if (task != null && !(task.isTextual() && TASK_TYPES.contains(task.asText()))) {
            return "* " + at + ".task_type: invalid value " + task
                    + " (type.googleapis.com/google.ai.generativelanguage.v1beta.TaskType)";
        }
        return null;
    }

    private void error(Context ctx, int status, String statusName, String message) {
        ObjectNode e = json.createObjectNode();
        e.putObject("error").put("code", status).put("message", message).put("status", statusName);
        ctx.status(status).contentType("application/json").result(e.toString());
    }
}
