package xyz.pura.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.internal.OpenAiShapes;

/**
 * Gemini GenerateContentResponse to OpenAI chat.completion: one choice per candidate; text parts
 * (thought parts excluded) become the content, functionCall parts become tool_calls with generated
 * ids (Gemini's own id when it sends one), the args object as the arguments string and the part's thought signature
 * as {@code extra_content} ({@link GeminiThoughtSignatures}). Finish reasons: {@link GeminiFinish}; a candidate that
 * ended without a usable answer fails the whole response.
 *
 * <p>Usage: {@code prompt_tokens} = promptTokenCount (which already includes cachedContentTokenCount)
 * + toolUsePromptTokenCount; {@code completion_tokens} = candidatesTokenCount + thoughtsTokenCount
 * (Gemini counts thoughts apart, OpenAI's completion count includes reasoning); {@code cached_tokens} =
 * cachedContentTokenCount; {@code reasoning_tokens} = thoughtsTokenCount.
 */
final class GeminiResponseMapper {
    private GeminiResponseMapper() {
    }

    static ChatResult toResult(ObjectNode response, String fallbackId, String requestedModel, long created)
            throws UpstreamException {
        String responseId = response.path("responseId").asText(fallbackId);
        ObjectNode completion = OpenAiShapes.completion("chatcmpl-" + responseId,
                response.path("modelVersion").asText(requestedModel), created);
        ArrayNode choices = completion.withArray("choices");
        ToolCallIds ids = new ToolCallIds(responseId);
        for (JsonNode candidate : response.path("candidates")) {
            UpstreamException failed = GeminiFinish.failure(candidate);
            if (failed != null) {
                throw failed;
            }
            ObjectNode choice = choices.addObject().put("index", candidate.path("index").asInt(choices.size() - 1));
            ObjectNode message = choice.putObject("message").put("role", "assistant");
            StringBuilder text = new StringBuilder();
            ArrayNode calls = message.arrayNode();
            for (JsonNode part : candidate.path("content").path("parts")) {
                if (part.path("thought").asBoolean(false)) {
                    continue;
                }
                if (part.path("text").isTextual()) {
                    text.append(part.path("text").asText());
                }
                JsonNode fc = part.get("functionCall");
                if (fc != null && fc.isObject()) {
                    calls.add(GeminiThoughtSignatures.attach(
                            OpenAiShapes.toolCall(ids.idFor(fc), fc.path("name").asText(), arguments(fc)), part));
                }
            }
            if (text.isEmpty() && !calls.isEmpty()) {
                message.putNull("content");
            } else {
                message.put("content", text.toString());
            }
            if (!calls.isEmpty()) {
                message.set("tool_calls", calls);
            }
            message.putNull("refusal");
            choice.putNull("logprobs");
            choice.put("finish_reason", GeminiFinish.reason(candidate.path("finishReason").asText(null), !calls.isEmpty()));
        }
        if (choices.isEmpty() && response.path("promptFeedback").path("blockReason").isTextual()) {
            ObjectNode choice = choices.addObject().put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", "").putNull("refusal");
            choice.putNull("logprobs");
            choice.put("finish_reason", "content_filter");
        }
        ChatResult.Usage usage = usage(response.get("usageMetadata"));
        if (usage != null) {
            completion.set("usage", OpenAiShapes.usage(usage));
        }
        return new ChatResult(completion, OpenAiShapes.outputText(completion), OpenAiShapes.firstFinishReason(completion), usage);
    }

    /** The function call's args object as OpenAI's arguments string ("{}" when absent). */
    static String arguments(JsonNode functionCall) {
        JsonNode args = functionCall.get("args");
        return args != null && args.isObject() ? args.toString() : "{}";
    }

    static ChatResult.Usage usage(JsonNode meta) {
        if (meta == null || !meta.isObject()) {
            return null;
        }
        Integer prompt = OpenAiShapes.sum(OpenAiShapes.intOrNull(meta.get("promptTokenCount")),
                OpenAiShapes.intOrNull(meta.get("toolUsePromptTokenCount")));
        Integer thoughts = OpenAiShapes.intOrNull(meta.get("thoughtsTokenCount"));
        Integer output = OpenAiShapes.sum(OpenAiShapes.intOrNull(meta.get("candidatesTokenCount")), thoughts);
        Integer cached = OpenAiShapes.intOrNull(meta.get("cachedContentTokenCount"));
        if (prompt == null && output == null) {
            return null;
        }
        return new ChatResult.Usage(prompt, output, cached, thoughts);
    }

    /** Ids for the tool calls of one response: Gemini's own when it sends one, else call_{responseId}_{n}. */
    static final class ToolCallIds {
        private final String prefix;
        private int next;

        ToolCallIds(String responseId) {
            this.prefix = "call_" + (responseId == null ? "" : responseId.replaceAll("[^A-Za-z0-9_-]", "") + "_");
        }

        String idFor(JsonNode functionCall) {
            int n = next++;
            return functionCall.path("id").isTextual() && !functionCall.path("id").asText().isBlank()
                    ? functionCall.path("id").asText() : prefix + n;
        }
    }
}
