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
 * overload, 503 UNAVAILABLE; {@code error-mid-stream} sends such an error object as a data line.
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
    private final SimulatorConfig config;
    private final SimulatorState state;
    private final ObjectMapper json = new ObjectMapper();

    GeminiFormat(SimulatorConfig config, SimulatorState state) {
        this.config = config;
        this.state = state;
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
        if (!method.equals("generateContent") && !method.equals("streamGenerateContent")) {
            error(ctx, 404, "NOT_FOUND", "Method not found: " + action);
            return;
        }
        if (key == null || key.isBlank()) {
            error(ctx, 403, "PERMISSION_DENIED",
                    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
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
            Faults.applyBeforeAnswer(ctx, fault, config, (status, message) -> error(ctx, status == 529 ? 503 : status,
                    statusName(status), status == 529 ? "The model is overloaded. Please try again later." : message));
            return;
        }
        String refusal = thinkingRefusal(body, model);
        if (refusal != null) {
            error(ctx, 400, "INVALID_ARGUMENT", refusal);
            return;
        }
        SimRequest request = request(body, model);
        SimAnswer answer = Generator.answer(request);
        SimUsage usage = usage(body, request, answer);
        String responseId = "sim" + Integer.toHexString(Math.abs(body.hashCode()));
        Pacing.pause(config.firstTokenLatency());
        if (method.equals("generateContent")) {
            ctx.contentType("application/json").result(json.writeValueAsBytes(whole(answer, usage, model, responseId)));
        } else if ("sse".equals(ctx.queryParam("alt"))) {
            stream(ctx, answer, usage, model, responseId, fault);
        } else {
            ArrayNode all = json.createArrayNode();
            all.addAll(responses(answer, usage, model, responseId));
            ctx.contentType("application/json").result(json.writeValueAsBytes(all));
        }
    }

    private void stream(Context ctx, SimAnswer answer, SimUsage usage, String model, String responseId, Fault fault)
            throws IOException {
        List<ObjectNode> responses = responses(answer, usage, model, responseId);
        SseWriter sse = new SseWriter(ctx);
        try {
            for (int i = 0; i < responses.size(); i++) {
                if (fault != null && i == responses.size() / 2) {
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

    /** The streamed responses: one per text piece (the function call whole in one), the last with finishReason. */
    private List<ObjectNode> responses(SimAnswer answer, SimUsage usage, String model, String responseId) {
        List<ObjectNode> out = new ArrayList<>();
        if (answer.toolCall() != null) {
            ObjectNode r = response(model, responseId);
            candidate(r).withArray("parts").add(functionCallPart(answer.toolCall()));
            out.add(r);
        } else {
            for (String piece : answer.pieces()) {
                ObjectNode r = response(model, responseId);
                candidate(r).withArray("parts").addObject().put("text", piece);
                r.set("usageMetadata", usageJson(usage, false));
                out.add(r);
            }
        }
        if (out.isEmpty()) {
            ObjectNode r = response(model, responseId);
            candidate(r).withArray("parts").addObject().put("text", "");
            out.add(r);
        }
        ObjectNode last = out.get(out.size() - 1);
        ((ObjectNode) last.withArray("candidates").get(0)).put("finishReason", finishReason(answer));
        last.set("usageMetadata", usageJson(usage, true));
        return out;
    }

    private ObjectNode whole(SimAnswer answer, SimUsage usage, String model, String responseId) {
        ObjectNode r = response(model, responseId);
        ObjectNode content = candidate(r);
        if (answer.toolCall() != null) {
            content.withArray("parts").add(functionCallPart(answer.toolCall()));
        } else {
            content.withArray("parts").addObject().put("text", answer.text());
        }
        ((ObjectNode) r.withArray("candidates").get(0)).put("finishReason", finishReason(answer));
        r.set("usageMetadata", usageJson(usage, true));
        return r;
    }

    private ObjectNode response(String model, String responseId) {
        ObjectNode r = json.createObjectNode();
        ObjectNode candidate = r.putArray("candidates").addObject();
        candidate.putObject("content").putArray("parts");
        ((ObjectNode) candidate.get("content")).put("role", "model");
        candidate.put("index", 0);
        r.put("modelVersion", model).put("responseId", responseId);
        return r;
    }

    private static ObjectNode candidate(ObjectNode response) {
        return (ObjectNode) response.withArray("candidates").get(0).get("content");
    }

    private ObjectNode functionCallPart(SimAnswer.ToolCall call) {
        ObjectNode part = json.createObjectNode();
        try {
            part.putObject("functionCall").put("name", call.name()).set("args", json.readTree(call.arguments()));
        } catch (IOException e) {
            throw new IllegalStateException("generator produced invalid arguments", e);
        }
        return part;
    }

    /** @param whole whether the answer's counts are known (the last streamed response, or a whole answer) */
    private ObjectNode usageJson(SimUsage usage, boolean whole) {
        ObjectNode u = json.createObjectNode().put("promptTokenCount", usage.promptTokens());
        if (usage.cacheReadTokens() > 0) {
            u.put("cachedContentTokenCount", usage.cacheReadTokens());
        }
        if (whole) {
            u.put("candidatesTokenCount", usage.visibleOutputTokens());
        }
        int total = usage.promptTokens();
        if (whole) {
            total += usage.outputTokens();
        }
        u.put("totalTokenCount", total);
        u.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", usage.promptTokens());
        if (usage.cacheReadTokens() > 0) {
            u.putArray("cacheTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", usage.cacheReadTokens());
        }
        if (whole && usage.reasoningTokens() > 0) {
            u.put("thoughtsTokenCount", usage.reasoningTokens());
        }
        return u;
    }

    private SimUsage usage(JsonNode body, SimRequest request, SimAnswer answer) {
        String model = request.model();
        int cached = 0;
        if (model.startsWith("gemini-2.5") || model.startsWith("gemini-3")) {
            cached = state.promptCache().automatic(PROVIDER + '|' + model, request.promptText(),
                    model.contains("pro") ? 4096 : 1024, 128);
        }
        JsonNode thinking = body.path("generationConfig").path("thinkingConfig");
        JsonNode budget = thinking.get("thinkingBudget");
        boolean thinks = budget != null && budget.canConvertToInt()
                ? budget.intValue() != 0 : Reasoning.geminiThinksByDefault(model);
        int thoughts = 0;
        if (thinks) {
            String level = thinking.path("thinkingLevel").asText("high");
            thoughts = Reasoning.tokens(level.equalsIgnoreCase("low") ? "low" : "medium", answer.completionTokens());
            if (budget != null && budget.canConvertToInt() && budget.intValue() > 0) {
                thoughts = Math.min(thoughts, budget.intValue());
            }
        }
        return new SimUsage(answer.promptTokens(), Math.min(cached, answer.promptTokens()), 0, 0,
                answer.completionTokens(), thoughts);
    }

    private static String thinkingRefusal(JsonNode body, String model) {
        JsonNode budget = body.path("generationConfig").path("thinkingConfig").get("thinkingBudget");
        if (budget != null && budget.canConvertToInt() && budget.intValue() == 0 && Reasoning.geminiAlwaysThinks(model)) {
            return "Budget 0 is invalid. This model only works in thinking mode.";
        }
        return null;
    }

    private static String finishReason(SimAnswer answer) {
        return answer.finish().equals("length") ? "MAX_TOKENS" : "STOP";
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
