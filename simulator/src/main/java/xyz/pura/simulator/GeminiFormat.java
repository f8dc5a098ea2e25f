package xyz.pura.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemini's generateContent wire format: {@code POST /v1beta/models/{model}:generateContent} (JSON)
 * (also under {@code /v1/}, google-genai's default API version)
 * and {@code :streamGenerateContent?alt=sse} (one GenerateContentResponse per {@code data:} line;
 * without {@code alt=sse}, a JSON array of them), key in {@code x-goog-api-key} (or {@code ?key=}).
 * Function calls are sent whole, as Gemini does. Errors use Google's
 * {@code {"error":{"code","message","status"}}} body; a 529 fault is answered as Gemini answers
 * overload, 503 UNAVAILABLE, and a 429 as Gemini answers an exhausted per-minute quota, RESOURCE_EXHAUSTED with a
 * {@code google.rpc.RetryInfo} detail whose {@code retryDelay} ({@value #RETRY_DELAY}) says when to come back (Gemini
 * sends no Retry-After header); {@code error-mid-stream} sends such an error object as a data line; a
 * {@code finish:<REASON>} fault ends the answer with that finishReason ({@link GeminiResponses}). Requests are
 * checked as strictly as Gemini checks them ({@link GeminiRequestCheck}).
 *
 * <p>Usage as Gemini reports it in {@code usageMetadata}: {@code promptTokenCount} (cached input included) with
 * {@code cachedContentTokenCount} from implicit caching (a prompt that repeats an earlier prompt's prefix of at least
 * 1,024 tokens, 4,096 on Pro models), {@code candidatesTokenCount} (the answer) and {@code thoughtsTokenCount} apart
 * for thinking models (2.5 Pro and Flash, Gemini 3; {@code thinkingConfig.thinkingBudget} caps it, 0 turns it off
 * where the model allows, {@code thinkingLevel: "low"} lowers it); every streamed response carries the prompt count,
 * the last one the whole usage.
 */
final class GeminiFormat {
    private static final String PROVIDER = "gemini";
    static final String RETRY_DELAY = "31s";
    private final SimulatorConfig config;
    private final SimulatorState state;
    private final ObjectMapper json = new ObjectMapper();
    private final GeminiEmbeddingsFormat embeddings;

    GeminiFormat(SimulatorConfig config, SimulatorState state) {
        this.config = config;
        this.state = state;
        this.embeddings = new GeminiEmbeddingsFormat(config, state);
    }

    /** Routes {@code /v1beta/models/{action}} and {@code /v1/models/{action}}: the action segment is {@code model:method}. */
    void handle(Context ctx) throws IOException {
        String key = ctx.header("x-goog-api-key");
        if (key == null) {
            key = ctx.queryParam("key");
        }
        state.recordRequest(PROVIDER, key, ctx.body());
        String action = ctx.pathParam("action");
        int colon = action.lastIndexOf(':');
        String model = colon < 0 ? action : action.substring(0, colon);
        String method = colon < 0 ? "" : action.substring(colon + 1);
        if (!method.equals("generateContent") && !method.equals("streamGenerateContent")
                && !GeminiEmbeddingsFormat.handles(method)) {
            error(ctx, 404, "NOT_FOUND", "Method not found: " + action);
            return;
        }
        if (key == null || key.isBlank()) {
            error(ctx, 403, "PERMISSION_DENIED",
                    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
            return;
        }
        if (GeminiEmbeddingsFormat.handles(method)) {
            embeddings.handle(ctx, model, method);
            return;
        }
        if (SimEmbeddings.MODELS.containsKey(model)) {
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
        if (body == null || !body.path("contents").isArray() || body.path("contents").isEmpty()) {
            error(ctx, 400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified");
            return;
        }
        Fault fault = Faults.choose(ctx, state, PROVIDER);
        if (fault != null && Faults.failsBeforeAnswer(fault)) {
            Faults.applyBeforeAnswer(ctx, fault, config, (status, message) -> failure(ctx, status, message));
            return;
        }
        String refusal = GeminiRequestCheck.refusal(body, model);
        if (refusal != null) {
            error(ctx, 400, "INVALID_ARGUMENT", refusal);
            return;
        }
        SimRequest request = request(body, model);
        SimAnswer answer = Generator.answer(request);
        SimUsage usage = usage(body, request, answer);
        String responseId = "sim" + Integer.toHexString(Math.abs(body.hashCode()));
        GeminiResponses responses = new GeminiResponses(json, model, responseId, GeminiThinking.thinks(body, model),
                fault != null && fault.kind() == Fault.Kind.FINISH ? fault.detail() : null);
        Pacing.pause(config.firstTokenLatency());
        if (method.equals("generateContent")) {
            ctx.contentType("application/json").result(json.writeValueAsBytes(responses.whole(answer, usage)));
        } else if ("sse".equals(ctx.queryParam("alt"))) {
            stream(ctx, responses.stream(answer, usage), fault);
        } else {
            ArrayNode all = json.createArrayNode();
            all.addAll(responses.stream(answer, usage));
            ctx.contentType("application/json").result(json.writeValueAsBytes(all));
        }
    }

    /** An injected status as Gemini words it: 529 is its 503 overload, 429 an exhausted quota with its RetryInfo. */
    private void failure(Context ctx, int status, String message) {
        if (status == 529) {
            error(ctx, 503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
            return;
        }
        if (status != 429) {
            error(ctx, status, statusName(status), message);
            return;
        }
        ObjectNode e = json.createObjectNode();
        ObjectNode error = e.putObject("error").put("code", 429)
                .put("message", "You exceeded your current quota (simulated). Please retry in " + RETRY_DELAY + ".")
                .put("status", "RESOURCE_EXHAUSTED");
        ArrayNode details = error.putArray("details");
        details.addObject().put("@type", "type.googleapis.com/google.rpc.QuotaFailure").putArray("violations").addObject()
                .put("quotaMetric", "generativelanguage.googleapis.com/generate_content_requests")
                .put("quotaId", "GenerateRequestsPerMinutePerProjectPerModel");
        details.addObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo").put("retryDelay", RETRY_DELAY);
        ctx.status(429).contentType("application/json").result(e.toString());
    }

    private void stream(Context ctx, List<ObjectNode> responses, Fault fault) throws IOException {
        SseWriter sse = new SseWriter(ctx);
        try {
            for (int i = 0; i < responses.size(); i++) {
                if (fault != null && fault.kind() != Fault.Kind.FINISH && i == responses.size() / 2) {
                    if (fault.kind() == Fault.Kind.ERROR_MID_STREAM) {
                        sse.data("{\"error\":{\"code\":500,\"message\":\"An internal error has occurred. Please retry or report in "
                                + "https://developers.generativeai.google/guide/troubleshooting\",\"status\":\"INTERNAL\"}}");
                        return;
                    }
                    if (fault.kind() == Fault.Kind.DROP_MID_STREAM) {
                        sse.drop();
                        return;
                    }
                }
                sse.data(json.writeValueAsString(responses.get(i)));
                if (i > 0) {
                    Pacing.pause(config.tokenDelay());
                }
            }
        } catch (IOException clientGone) {
            state.recordCancel(PROVIDER);
        }
    }

    private SimUsage usage(JsonNode body, SimRequest request, SimAnswer answer) {
        String model = request.model();
        int cached = 0;
        if (model.startsWith("gemini-2.5") || model.startsWith("gemini-3")) {
            cached = state.promptCache().automatic(PROVIDER + '|' + model, request.promptText(),
                    model.contains("pro") ? 4096 : 1024, 128);
        }
        JsonNode budget = body.path("generationConfig").path("thinkingConfig").get("thinkingBudget");
        int thoughts = 0;
        if (GeminiThinking.thinks(body, model)) {
            thoughts = Reasoning.tokens(GeminiThinking.effort(body), answer.completionTokens());
            if (budget != null && budget.canConvertToInt() && budget.intValue() > 0) {
                thoughts = Math.min(thoughts, budget.intValue());
            }
        }
        return new SimUsage(answer.promptTokens(), Math.min(cached, answer.promptTokens()), 0, 0,
                answer.completionTokens(), thoughts);
    }

    private static SimRequest request(JsonNode body, String model) {
        StringBuilder all = new StringBuilder(text(body.path("systemInstruction").path("parts"))).append('\n');
        String lastUser = "";
        boolean afterTool = false;
        for (JsonNode c : body.path("contents")) {
            String text = text(c.path("parts"));
            all.append(text).append('\n');
            boolean toolResult = false;
            for (JsonNode part : c.path("parts")) {
                if (part.has("functionResponse")) {
                    toolResult = true;
                    all.append(part.path("functionResponse").path("response")).append('\n');
                }
            }
            if (!"model".equals(c.path("role").asText("user")) && !text.isBlank()) {
                lastUser = text;
            }
            afterTool = toolResult;
        }
        List<SimRequest.Tool> tools = new ArrayList<>();
        for (JsonNode t : body.path("tools")) {
            for (JsonNode d : t.path("functionDeclarations")) {
                tools.add(new SimRequest.Tool(d.path("name").asText(), lowerCaseTypes(d.path("parameters"))));
            }
        }
        JsonNode gen = body.path("generationConfig");
        List<String> stop = new ArrayList<>();
        gen.path("stopSequences").forEach(s -> stop.add(s.asText()));
        JsonNode max = gen.get("maxOutputTokens");
        boolean none = "NONE".equals(body.path("toolConfig").path("functionCallingConfig").path("mode").asText(""));
        boolean jsonMode = "application/json".equals(gen.path("responseMimeType").asText(""));
        return new SimRequest(model, all.toString(), lastUser, max != null && max.canConvertToInt() ? max.intValue() : null,
                stop, tools, none, afterTool, jsonMode);
    }

    /** Gemini types are upper case (STRING); the generator reads JSON Schema's lower-case names. */
    private static JsonNode lowerCaseTypes(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return schema;
        }
        ObjectNode copy = ((ObjectNode) schema).deepCopy();
        copy.path("properties").fields().forEachRemaining(p -> {
            if (p.getValue().path("type").isTextual()) {
                ((ObjectNode) p.getValue()).put("type", p.getValue().path("type").asText().toLowerCase(java.util.Locale.ROOT));
            }
        });
        return copy;
    }

    private static String text(JsonNode parts) {
        StringBuilder sb = new StringBuilder();
        parts.forEach(p -> sb.append(p.path("text").asText("")));
        return sb.toString();
    }

    private static String statusName(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503, 529 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "INTERNAL";
        };
    }

    private void error(Context ctx, int status, String statusName, String message) {
        ObjectNode e = json.createObjectNode();
        e.putObject("error").put("code", status).put("message", message).put("status", statusName);
        ctx.status(status).contentType("application/json").result(e.toString());
    }
}
