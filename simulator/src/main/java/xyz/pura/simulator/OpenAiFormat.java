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
 * OpenAI's chat completions wire format ({@code POST /v1/chat/completions}; Groq serves the same
 * at {@code /openai/v1/chat/completions}): JSON, or SSE chunks ending in {@code data: [DONE]}, with
 * a usage chunk when {@code stream_options.include_usage} is set (and only then).
 *
 * <p>Usage as each provider reports it: OpenAI's {@code prompt_tokens_details.cached_tokens} from automatic prefix
 * caching (a prompt of 1,024 tokens or more that repeats an earlier prompt's prefix reads it in 128-token steps)
 * and {@code completion_tokens_details.reasoning_tokens} for reasoning models (o-series, gpt-5; effort from
 * {@code reasoning_effort}), both included in {@code prompt_tokens} and {@code completion_tokens}; Groq's plain
 * counts with its timing fields and no details.
 *
 * <p>Requests are validated as the real APIs do ({@link OpenAiRules}, Groq's refusals included) and refused in
 * OpenAI's error shape ({@link OpenAiErrors}), 429s with each provider's retry headers.
 */
final class OpenAiFormat {
    private final String provider;
    private final SimulatorConfig config;
    private final SimulatorState state;
    private final ObjectMapper json = new ObjectMapper();

    OpenAiFormat(String provider, SimulatorConfig config, SimulatorState state) {
        this.provider = provider;
        this.config = config;
        this.state = state;
    }

    void handle(Context ctx) throws IOException {
        String auth = ctx.header("Authorization");
        state.recordRequest(provider, auth == null ? null : auth.replaceFirst("^Bearer ", ""), ctx.body());
        if (auth == null || !auth.startsWith("Bearer ") || auth.length() <= "Bearer ".length()) {
            error(ctx, 401, "invalid_request_error", "invalid_api_key", "You didn't provide an API key.");
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (IOException e) {
            error(ctx, 400, "invalid_request_error", null, "We could not parse the JSON body of your request.");
            return;
        }
        OpenAiRules.Problem problem = body == null || !body.isObject()
                ? new OpenAiRules.Problem("The request body must be a JSON object.", null, null) : OpenAiRules.check(body, provider);
        if (problem != null) {
            OpenAiErrors.write(ctx, provider, 400, "invalid_request_error", problem.code(), problem.param(), problem.message());
            return;
        }
        Fault fault = Faults.choose(ctx, state, provider);
        if (fault != null && fault.kind() == Fault.Kind.INSUFFICIENT_QUOTA) {
            OpenAiErrors.insufficientQuota(ctx, provider);
            return;
        }
        if (fault != null && Faults.failsBeforeAnswer(fault)) {
            Faults.applyBeforeAnswer(ctx, fault, config, (status, message) -> error(ctx, status,
                    status == 429 ? "rate_limit_error" : "server_error", status == 429 ? "rate_limit_exceeded" : null, message));
            return;
        }
        SimRequest request = request(body);
        SimAnswer answer = Generator.answer(request);
        String model = body.path("model").asText();
        SimUsage usage = usage(body, request, answer);
        String id = "chatcmpl-sim" + Integer.toHexString(Math.abs(body.hashCode()));
        long created = System.currentTimeMillis() / 1000;
        Pacing.pause(config.firstTokenLatency());
        if (body.path("stream").asBoolean(false)) {
            stream(ctx, body, answer, usage, model, id, created, fault);
        } else {
            ctx.contentType("application/json").result(json.writeValueAsBytes(completion(answer, usage, model, id, created)));
        }
    }

    private void stream(Context ctx, JsonNode body, SimAnswer answer, SimUsage counts, String model, String id, long created,
                        Fault fault) throws IOException {
        boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
        SseWriter sse = new SseWriter(ctx);
        List<ObjectNode> chunks = new ArrayList<>();
        ObjectNode first = chunk(id, created, model);
        first.withArray("choices").addObject().put("index", 0).putNull("finish_reason")
                .putObject("delta").put("role", "assistant").put("content", "");
        chunks.add(first);
        if (answer.toolCall() != null) {
            SimAnswer.ToolCall call = answer.toolCall();
            for (int i = -1; i < call.argumentPieces().size(); i++) {
                ObjectNode c = chunk(id, created, model);
                ObjectNode tc = c.withArray("choices").addObject().put("index", 0).putNull("finish_reason")
                        .putObject("delta").putArray("tool_calls").addObject().put("index", 0);
                if (i < 0) {
                    tc.put("id", call.id()).put("type", "function").putObject("function").put("name", call.name()).put("arguments", "");
                } else {
                    tc.putObject("function").put("arguments", call.argumentPieces().get(i));
                }
                chunks.add(c);
            }
        } else {
            for (String piece : answer.pieces()) {
                ObjectNode c = chunk(id, created, model);
                c.withArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta").put("content", piece);
                chunks.add(c);
            }
        }
        ObjectNode last = chunk(id, created, model);
        last.withArray("choices").addObject().put("index", 0).put("finish_reason", answer.finish()).putObject("delta");
        chunks.add(last);
        try {
            for (int i = 0; i < chunks.size(); i++) {
                if (fault != null && i == chunks.size() / 2) {
                    if (fault.kind() == Fault.Kind.ERROR_MID_STREAM) {
                        sse.data("{\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\",\"code\":null}}");
                        return;
                    }
                    if (fault.kind() == Fault.Kind.DROP_MID_STREAM) {
                        sse.drop();
                        return;
                    }
                }
                if (usage) {
                    chunks.get(i).putNull("usage");
                }
                sse.data(json.writeValueAsString(chunks.get(i)));
                if (i > 0) {
                    Pacing.pause(config.tokenDelay());
                }
            }
            if (usage) {
                ObjectNode u = chunk(id, created, model);
                u.putArray("choices");
                u.set("usage", usageJson(counts));
                sse.data(json.writeValueAsString(u));
            }
            sse.data("[DONE]");
        } catch (IOException clientGone) {
            state.recordCancel(provider);
        }
    }

    private ObjectNode chunk(String id, long created, String model) {
        ObjectNode c = json.createObjectNode();
        c.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model)
                .put("system_fingerprint", "fp_simulator");
        return c;
    }

    private ObjectNode completion(SimAnswer answer, SimUsage usage, String model, String id, long created) {
        ObjectNode c = json.createObjectNode();
        c.put("id", id).put("object", "chat.completion").put("created", created).put("model", model)
                .put("system_fingerprint", "fp_simulator");
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (answer.toolCall() != null) {
            message.putNull("content");
            ObjectNode call = message.putArray("tool_calls").addObject();
            call.put("id", answer.toolCall().id()).put("type", "function").putObject("function")
                    .put("name", answer.toolCall().name()).put("arguments", answer.toolCall().arguments());
        } else {
            message.put("content", answer.text());
        }
        message.putNull("refusal");
        choice.putNull("logprobs").put("finish_reason", answer.finish());
        c.set("usage", usageJson(usage));
        return c;
    }

    /** This answer's usage: OpenAI's prompt cache and reasoning; Groq neither. */
    private SimUsage usage(JsonNode body, SimRequest request, SimAnswer answer) {
        if (!provider.equals("openai")) {
            return SimUsage.plain(answer);
        }
        String model = request.model();
        int cached = state.promptCache().automatic(provider + '|' + model, request.promptText(), 1024, 128);
        int reasoning = 0;
        if (Reasoning.openAiReasons(model)) {
            reasoning = Reasoning.tokens(body.path("reasoning_effort").asText(null), answer.completionTokens());
            if (request.maxTokens() != null) { // max_completion_tokens bounds reasoning and answer together
                reasoning = Math.min(reasoning, Math.max(0, request.maxTokens() - answer.completionTokens()));
            }
        }
        return new SimUsage(answer.promptTokens(), Math.min(cached, answer.promptTokens()), 0, 0,
                answer.completionTokens(), reasoning);
    }

    private ObjectNode usageJson(SimUsage usage) {
        ObjectNode u = json.createObjectNode();
        u.put("prompt_tokens", usage.promptTokens()).put("completion_tokens", usage.outputTokens())
                .put("total_tokens", usage.promptTokens() + usage.outputTokens());
        if (provider.equals("groq")) {
            u.put("queue_time", 0.01).put("prompt_time", 0.002).put("completion_time", 0.02).put("total_time", 0.022);
            return u;
        }
        u.putObject("prompt_tokens_details").put("cached_tokens", usage.cacheReadTokens()).put("audio_tokens", 0);
        u.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens()).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        return u;
    }

    private static SimRequest request(JsonNode body) {
        StringBuilder all = new StringBuilder();
        String lastUser = "";
        boolean afterTool = false;
        for (JsonNode m : body.path("messages")) {
            String text = text(m.get("content"));
            all.append(text).append('\n');
            String role = m.path("role").asText();
            if (role.equals("user")) {
                lastUser = text;
            }
            afterTool = role.equals("tool");
        }
        List<SimRequest.Tool> tools = new ArrayList<>();
        for (JsonNode t : body.path("tools")) {
            tools.add(new SimRequest.Tool(t.path("function").path("name").asText(), t.path("function").path("parameters")));
        }
        JsonNode max = body.has("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        List<String> stop = new ArrayList<>();
        JsonNode s = body.get("stop");
        if (s != null && s.isTextual()) {
            stop.add(s.asText());
        } else if (s instanceof ArrayNode arr) {
            arr.forEach(x -> stop.add(x.asText()));
        }
        boolean json = body.path("response_format").path("type").asText().startsWith("json");
        boolean none = "none".equals(body.path("tool_choice").asText(""));
        return new SimRequest(body.path("model").asText(), all.toString(), lastUser,
                max != null && max.canConvertToInt() ? max.intValue() : null, stop, tools, none, afterTool, json);
    }

    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        content.forEach(p -> sb.append(p.path("text").asText("")));
        return sb.toString();
    }

    private void error(Context ctx, int status, String type, String code, String message) {
        OpenAiErrors.write(ctx, provider, status, type, code, null, message);
    }
}
