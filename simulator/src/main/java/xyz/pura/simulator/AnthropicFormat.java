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
 * Anthropic's Messages wire format ({@code POST /v1/messages}, headers {@code x-api-key} (or
 * {@code Authorization: Bearer}, which anthropic-java 3.x sends) and {@code anthropic-version}): a JSON Message, or the SSE sequence message_start, content_block_start,
 * ping, content_block_delta (text_delta / input_json_delta), content_block_stop, message_delta
 * (stop_reason, output usage), message_stop. Errors use Anthropic's {@code {"type":"error","error":{...}}}
 * body (with its {@code request_id}, also sent as the {@code request-id} header); {@code error-mid-stream} sends an
 * {@code event: error} with an overloaded_error halfway, {@code error-after-start} right after message_start (before
 * any content; a 529 when not streamed), {@code billing} and {@code spend-limit} answer as an account out of money
 * does. Requests are checked as strictly as the real API checks them ({@link AnthropicValidation}).
 *
 * <p>Usage as Anthropic reports it: {@code input_tokens} (uncached), {@code cache_read_input_tokens},
 * {@code cache_creation_input_tokens} with its {@code cache_creation} split by TTL (from the {@code cache_control}
 * breakpoints on tools, system blocks and message blocks, see {@link PromptCache#explicit}), and
 * {@code output_tokens}, thinking included; in a stream the input side in message_start and the final output in
 * message_delta. {@code thinking: {type: "enabled", budget_tokens}} adds a thinking block (a short summary with its
 * signature, billed for the whole thinking).
 *
 * <p>Anthropic has no JSON mode: a system prompt that asks for a "JSON object" gets a JSON answer,
 * as a model following the instruction would.
 */
final class AnthropicFormat {
    private static final String PROVIDER = "anthropic";
    private final SimulatorConfig config;
    private final SimulatorState state;
    private final ObjectMapper json = new ObjectMapper();

    AnthropicFormat(SimulatorConfig config, SimulatorState state) {
        this.config = config;
        this.state = state;
    }

    void handle(Context ctx) throws IOException {
        String key = ctx.header("x-api-key");
        String auth = ctx.header("Authorization");
        if (key == null && auth != null && auth.startsWith("Bearer ")) {
            key = auth.substring("Bearer ".length());
        }
        state.recordRequest(PROVIDER, key, ctx.body());
        if (key == null || key.isBlank()) {
            error(ctx, 401, "authentication_error", "x-api-key header is required");
            return;
        }
        if (ctx.header("anthropic-version") == null) {
            error(ctx, 400, "invalid_request_error", "anthropic-version: header is required");
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (IOException e) {
            error(ctx, 400, "invalid_request_error", "There was an error parsing the body of your request.");
            return;
        }
        if (body == null || !body.path("model").isTextual() || !body.path("messages").isArray()) {
            error(ctx, 400, "invalid_request_error", "model: Field required; messages: Field required");
            return;
        }
        if (!body.path("max_tokens").canConvertToInt()) {
            error(ctx, 400, "invalid_request_error", "max_tokens: Field required");
            return;
        }
        Fault fault = Faults.choose(ctx, state, PROVIDER);
        if (fault != null && AnthropicErrors.accountOrEarlyFault(ctx, fault, body.path("stream").asBoolean(false))) {
            return;
        }
        if (fault != null && Faults.failsBeforeAnswer(fault)) {
            Faults.applyBeforeAnswer(ctx, fault, config, (status, message) -> error(ctx, status, AnthropicErrors.type(status), message));
            return;
        }
        String refusal = AnthropicValidation.refusal(body);
        if (refusal != null) {
            error(ctx, 400, "invalid_request_error", refusal);
            return;
        }
        Prompt prompt = prompt(body);
        SimRequest request = request(body, prompt.text());
        SimAnswer answer = Generator.answer(request);
        SimUsage usage = usage(body, request, prompt, answer);
        String stopSequence = stopSequenceHit(request, answer);
        String model = body.path("model").asText();
        String id = "msg_sim" + Integer.toHexString(Math.abs(body.hashCode()));
        Pacing.pause(config.firstTokenLatency());
        if (body.path("stream").asBoolean(false)) {
            stream(ctx, answer, usage, stopSequence, model, id, fault);
        } else {
            ctx.contentType("application/json").result(json.writeValueAsBytes(message(answer, usage, stopSequence, model, id)));
        }
    }

    private void stream(Context ctx, SimAnswer answer, SimUsage usage, String stopSequence, String model, String id,
                        Fault fault) throws IOException {
        List<String[]> events = new ArrayList<>();
        ObjectNode start = json.createObjectNode().put("type", "message_start");
        ObjectNode message = start.putObject("message").put("id", id).put("type", "message").put("role", "assistant");
        message.putArray("content");
        message.put("model", model).putNull("stop_reason").putNull("stop_sequence");
        message.set("usage", usageJson(usage, 1));
        events.add(event("message_start", start));
        int index = 0;
        if (usage.reasoningTokens() > 0) {
            ObjectNode thinkingStart = json.createObjectNode().put("type", "content_block_start").put("index", 0);
            thinkingStart.putObject("content_block").put("type", "thinking").put("thinking", "").put("signature", "");
            events.add(event("content_block_start", thinkingStart));
            ObjectNode thought = json.createObjectNode().put("type", "content_block_delta").put("index", 0);
            thought.putObject("delta").put("type", "thinking_delta").put("thinking", thinkingSummary(answer));
            events.add(event("content_block_delta", thought));
            ObjectNode signed = json.createObjectNode().put("type", "content_block_delta").put("index", 0);
            signed.putObject("delta").put("type", "signature_delta").put("signature", signature(answer));
            events.add(event("content_block_delta", signed));
            events.add(event("content_block_stop", json.createObjectNode().put("type", "content_block_stop").put("index", 0)));
            index = 1;
        }
        ObjectNode blockStart = json.createObjectNode().put("type", "content_block_start").put("index", index);
        if (answer.toolCall() != null) {
            blockStart.putObject("content_block").put("type", "tool_use").put("id", toolUseId(answer.toolCall()))
                    .put("name", answer.toolCall().name()).putObject("input");
        } else {
            blockStart.putObject("content_block").put("type", "text").put("text", "");
        }
        events.add(event("content_block_start", blockStart));
        events.add(event("ping", json.createObjectNode().put("type", "ping")));
        List<String> pieces = answer.toolCall() != null ? answer.toolCall().argumentPieces() : answer.pieces();
        for (String piece : pieces) {
            ObjectNode delta = json.createObjectNode().put("type", "content_block_delta").put("index", index);
            if (answer.toolCall() != null) {
                delta.putObject("delta").put("type", "input_json_delta").put("partial_json", piece);
            } else {
                delta.putObject("delta").put("type", "text_delta").put("text", piece);
            }
            events.add(event("content_block_delta", delta));
        }
        events.add(event("content_block_stop", json.createObjectNode().put("type", "content_block_stop").put("index", index)));
        ObjectNode messageDelta = json.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason(answer, stopSequence)).put("stop_sequence", stopSequence);
        messageDelta.putObject("usage").put("output_tokens", usage.outputTokens());
        events.add(event("message_delta", messageDelta));
        events.add(event("message_stop", json.createObjectNode().put("type", "message_stop")));
        SseWriter sse = new SseWriter(ctx);
        try {
            for (int i = 0; i < events.size(); i++) {
                if (fault != null && fault.kind() == Fault.Kind.ERROR_AFTER_START && i == 1) {
                    sse.event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
                    return;
                }
                if (fault != null && i == events.size() / 2) {
                    if (fault.kind() == Fault.Kind.ERROR_MID_STREAM) {
                        sse.event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
                        return;
                    }
                    if (fault.kind() == Fault.Kind.DROP_MID_STREAM) {
                        sse.drop();
                        return;
                    }
                }
                sse.event(events.get(i)[0], events.get(i)[1]);
                if (events.get(i)[0].equals("content_block_delta")) {
                    Pacing.pause(config.tokenDelay());
                }
            }
        } catch (IOException clientGone) {
            state.recordCancel(PROVIDER);
        }
    }

    private String[] event(String name, ObjectNode data) throws IOException {
        return new String[] {name, json.writeValueAsString(data)};
    }

    private ObjectNode message(SimAnswer answer, SimUsage usage, String stopSequence, String model, String id)
            throws IOException {
        ObjectNode m = json.createObjectNode().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
        ArrayNode content = m.putArray("content");
        if (usage.reasoningTokens() > 0) {
            content.addObject().put("type", "thinking").put("thinking", thinkingSummary(answer)).put("signature", signature(answer));
        }
        if (answer.toolCall() != null) {
            content.addObject().put("type", "tool_use").put("id", toolUseId(answer.toolCall())).put("name", answer.toolCall().name())
                    .set("input", json.readTree(answer.toolCall().arguments()));
        } else {
            content.addObject().put("type", "text").put("text", answer.text());
        }
        m.put("stop_reason", stopReason(answer, stopSequence)).put("stop_sequence", stopSequence);
        m.set("usage", usageJson(usage, usage.outputTokens()));
        return m;
    }

    private ObjectNode usageJson(SimUsage usage, int output) {
        ObjectNode u = json.createObjectNode().put("input_tokens", usage.uncachedInputTokens());
        u.put("cache_creation_input_tokens", usage.cacheWrite5mTokens() + usage.cacheWrite1hTokens())
                .put("cache_read_input_tokens", usage.cacheReadTokens());
        u.putObject("cache_creation").put("ephemeral_5m_input_tokens", usage.cacheWrite5mTokens())
                .put("ephemeral_1h_input_tokens", usage.cacheWrite1hTokens());
        u.put("output_tokens", output).put("service_tier", "standard");
        return u;
    }

    /** The prompt as the cache sees it (tools, system, messages, in that order) and its cache_control breakpoints. */
    private record Prompt(String text, List<PromptCache.Breakpoint> breakpoints) {
    }

    private static Prompt prompt(JsonNode body) {
        StringBuilder text = new StringBuilder();
        List<PromptCache.Breakpoint> breakpoints = new ArrayList<>();
        for (JsonNode t : body.path("tools")) {
            text.append(t.path("name").asText("")).append(' ').append(t.path("description").asText(""))
                    .append(' ').append(t.path("input_schema")).append('\n');
            breakpoint(t, text, breakpoints);
        }
        blocks(body.get("system"), text, breakpoints);
        for (JsonNode m : body.path("messages")) {
            blocks(m.get("content"), text, breakpoints);
        }
        return new Prompt(text.toString(), List.copyOf(breakpoints));
    }

    private static void blocks(JsonNode content, StringBuilder text, List<PromptCache.Breakpoint> breakpoints) {
        if (content == null || content.isNull()) {
            return;
        }
        if (content.isTextual()) {
            text.append(content.asText()).append('\n');
            return;
        }
        for (JsonNode b : content) {
            switch (b.path("type").asText("")) {
                case "text" -> text.append(b.path("text").asText(""));
                case "tool_result" -> text.append(b.get("content") != null && b.get("content").isTextual()
                        ? b.get("content").asText() : AnthropicFormat.text(b.get("content")));
                case "tool_use" -> text.append(b.path("name").asText("")).append(b.path("input"));
                default -> { }
            }
            text.append('\n');
            breakpoint(b, text, breakpoints);
        }
    }

    private static void breakpoint(JsonNode block, StringBuilder text, List<PromptCache.Breakpoint> breakpoints) {
        JsonNode cc = block.get("cache_control");
        if (cc != null && "ephemeral".equals(cc.path("type").asText())) {
            breakpoints.add(new PromptCache.Breakpoint(text.length(),
                    "1h".equals(cc.path("ttl").asText("5m")) ? PromptCache.LONG : PromptCache.SHORT));
        }
    }

    /** Anthropic's smallest cacheable prompt for a model. */
    private static int minCacheableTokens(String model) {
        if (model.contains("haiku-4-5") || model.contains("opus-4-5")) {
            return 4096;
        }
        return model.contains("haiku") ? 2048 : 1024;
    }

    private SimUsage usage(JsonNode body, SimRequest request, Prompt prompt, SimAnswer answer) {
        PromptCache.Use cache = state.promptCache().explicit(PROVIDER + '|' + request.model(), prompt.text(),
                prompt.breakpoints(), minCacheableTokens(request.model()));
        int thinking = 0;
        if ("enabled".equals(body.path("thinking").path("type").asText())) {
            int budget = body.path("thinking").path("budget_tokens").intValue();
            thinking = Math.min(budget, Reasoning.tokens("medium", answer.completionTokens()));
            thinking = Math.max(0, Math.min(thinking, request.maxTokens() - answer.completionTokens()));
        }
        int promptTokens = Math.max(answer.promptTokens(), cache.read() + cache.written5m() + cache.written1h());
        return new SimUsage(promptTokens, cache.read(), cache.written5m(), cache.written1h(), answer.completionTokens(),
                thinking);
    }

    private static String thinkingSummary(SimAnswer answer) {
        return "Considering the question, then answering it in " + answer.completionTokens() + " tokens.";
    }

    private static String signature(SimAnswer answer) {
        return AnthropicBlocks.signature(Integer.toString(answer.text().hashCode()));
    }

    private static String toolUseId(SimAnswer.ToolCall call) {
        return "toolu_" + call.id().replaceFirst("^call_", "");
    }

    private static String stopReason(SimAnswer answer, String stopSequence) {
        return switch (answer.finish()) {
            case "tool_calls" -> "tool_use";
            case "length" -> "max_tokens";
            default -> stopSequence != null ? "stop_sequence" : "end_turn";
        };
    }

    /** The stop sequence that cut the answer short, or null: Anthropic names it in its answer. */
    static String stopSequenceHit(SimRequest request, SimAnswer answer) {
        if (request.stop().isEmpty() || answer.toolCall() != null || !answer.finish().equals("stop")) {
            return null;
        }
        SimRequest unbounded = new SimRequest(request.model(), request.promptText(), request.lastUserText(), request.maxTokens(),
                List.of(), request.tools(), request.toolChoiceNone(), request.afterToolResult(), request.jsonMode());
        String full = Generator.answer(unbounded).text();
        String cut = answer.text();
        for (String stop : request.stop()) {
            if (!stop.isEmpty() && full.startsWith(cut + stop)) {
                return stop;
            }
        }
        return null;
    }

    /** @param promptText the prompt as counted (see {@link #prompt}) */
    private static SimRequest request(JsonNode body, String promptText) {
        StringBuilder all = new StringBuilder();
        String lastUser = "";
        boolean afterTool = false;
        all.append(promptText);
        for (JsonNode m : body.path("messages")) {
            String text = text(m.get("content"));
            boolean toolResult = false;
            for (JsonNode block : m.path("content")) {
                if ("tool_result".equals(block.path("type").asText())) {
                    toolResult = true;
                }
            }
            if (m.path("role").asText().equals("user") && !text.isBlank()) {
                lastUser = text;
            }
            afterTool = toolResult;
        }
        List<SimRequest.Tool> tools = new ArrayList<>();
        for (JsonNode t : body.path("tools")) {
            tools.add(new SimRequest.Tool(t.path("name").asText(), t.path("input_schema")));
        }
        List<String> stop = new ArrayList<>();
        body.path("stop_sequences").forEach(s -> stop.add(s.asText()));
        boolean none = "none".equals(body.path("tool_choice").path("type").asText(""));
        boolean jsonMode = text(body.get("system")).contains("JSON object");
        return new SimRequest(body.path("model").asText(), all.toString(), lastUser, body.path("max_tokens").intValue(),
                stop, tools, none, afterTool, jsonMode);
    }

    /** The text of a string or of the text blocks of a content array. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        content.forEach(b -> {
            if ("text".equals(b.path("type").asText())) {
                sb.append(b.path("text").asText(""));
            }
        });
        return sb.toString();
    }

    private void error(Context ctx, int status, String type, String message) {
        AnthropicErrors.write(ctx, status, type, message);
    }
}
