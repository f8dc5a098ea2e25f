package xyz.pura.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.internal.OpenAiShapes;

/**
 * Anthropic Message to OpenAI chat.completion. Usage: {@code prompt_tokens} is input + cache read +
 * cache creation tokens (Anthropic reports them apart, OpenAI's prompt count includes cached tokens),
 * {@code cached_tokens} is the cache read count, so nothing is lost and nothing counted twice. The text of thinking
 * blocks becomes the message's {@code reasoning_content} (the extension DeepSeek, vLLM and OpenRouter use for a
 * model's visible reasoning); it is not part of the output text the gateway estimates tokens from, since Anthropic's
 * {@code output_tokens} already counts it.
 */
final class AnthropicResponseMapper {
    private AnthropicResponseMapper() {
    }

    static ChatResult toResult(ObjectNode message, String requestedModel, long created) {
        String model = message.path("model").asText(requestedModel);
        ObjectNode completion = OpenAiShapes.completion(completionId(message.path("id").asText(null)), model, created);
        ObjectNode choice = completion.withArray("choices").addObject().put("index", 0);
        ObjectNode out = choice.putObject("message").put("role", "assistant");
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        ArrayNode calls = out.arrayNode();
        for (JsonNode block : message.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText(""));
                case "thinking" -> thinking.append(block.path("thinking").asText(""));
                case "tool_use" -> calls.add(OpenAiShapes.toolCall(block.path("id").asText(), block.path("name").asText(),
                        block.path("input").isMissingNode() ? "{}" : block.path("input").toString()));
                default -> {
                    // redacted_thinking (encrypted) and server-tool blocks have no OpenAI counterpart
                }
            }
        }
        if (text.isEmpty() && !calls.isEmpty()) {
            out.putNull("content");
        } else {
            out.put("content", text.toString());
        }
        if (!thinking.isEmpty()) {
            out.put("reasoning_content", thinking.toString());
        }
        if (!calls.isEmpty()) {
            out.set("tool_calls", calls);
        }
        out.putNull("refusal");
        String finish = finishReason(message.path("stop_reason").asText(null));
        choice.putNull("logprobs");
        choice.put("finish_reason", finish);
        ChatResult.Usage usage = new UsageCounter().add(message.get("usage")).usage();
        if (usage != null) {
            completion.set("usage", OpenAiShapes.usage(usage));
        }
        return new ChatResult(completion, OpenAiShapes.outputText(completion), finish, usage);
    }

    static String completionId(String messageId) {
        return messageId == null ? null : "chatcmpl-" + messageId;
    }

    /** Anthropic stop_reason to OpenAI finish_reason; null stays null (not finished). */
    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, pause_turn
        };
    }

    /** Anthropic's usage counts as they arrive (message, message_start, message_delta); later reports win per field. */
    static final class UsageCounter {
        private Integer input;
        private Integer output;
        private Integer cacheRead;
        private Integer cacheCreation;
        private Integer write5m;
        private Integer write1h;

        UsageCounter add(JsonNode usage) {
            if (usage == null || !usage.isObject()) {
                return this;
            }
            input = pick(usage.get("input_tokens"), input);
            output = pick(usage.get("output_tokens"), output);
            cacheRead = pick(usage.get("cache_read_input_tokens"), cacheRead);
            cacheCreation = pick(usage.get("cache_creation_input_tokens"), cacheCreation);
            JsonNode split = usage.get("cache_creation");
            if (split != null && split.isObject()) {
                write5m = pick(split.get("ephemeral_5m_input_tokens"), write5m);
                write1h = pick(split.get("ephemeral_1h_input_tokens"), write1h);
            }
            return this;
        }

        /**
         * Normalised: input is Anthropic's input_tokens (the uncached part) plus cache reads and writes; output is
         * output_tokens (thinking included: Anthropic bills it as output and does not report it apart). Cache writes
         * are split by TTL from {@code cache_creation}; without the split, every write is a 5-minute write (the
         * default TTL, and the only one before the split was reported).
         */
        ChatResult.Usage usage() {
            if (input == null && output == null && cacheRead == null && cacheCreation == null) {
                return null;
            }
            Integer prompt = OpenAiShapes.sum(OpenAiShapes.sum(input, cacheRead), cacheCreation);
            Integer w5m = write5m;
            Integer w1h = write1h;
            if (cacheCreation != null && w5m == null && w1h == null) {
                w5m = cacheCreation;
            }
            return new ChatResult.Usage(prompt, output, cacheRead, null, w5m, w1h);
        }

        private static Integer pick(JsonNode n, Integer previous) {
            Integer v = OpenAiShapes.intOrNull(n);
            return v != null ? v : previous;
        }
    }
}
