package xyz.pura.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.StreamAbortedException;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.internal.HttpFailures;
import xyz.pura.providers.internal.SseLines;
import xyz.pura.providers.internal.TranslatedStream;

/**
 * Gemini's {@code streamGenerateContent?alt=sse} (one GenerateContentResponse per data line) to
 * OpenAI chunks. Text parts become content deltas; Gemini sends each functionCall part whole, so each
 * becomes one whole tool_calls delta (id, name, complete arguments and the part's thought signature as
 * {@code extra_content}) with its own index; a finishReason becomes the finish chunk of its candidate's choice, or
 * fails the stream where it means the model produced no usable answer ({@link GeminiFinish}). usageMetadata is cumulative (the
 * latest wins) and goes in the usage chunk after the stream ends. An {@code error} object in a data
 * line fails the stream with {@link FailureKind#STREAM_ERROR}; a stream that ends before any
 * finishReason is a dropped connection ({@link FailureKind#TRANSPORT}).
 */
final class GeminiStreamDecoder implements TranslatedStream.Decoder {
    private final String fallbackId;
    private final Map<Integer, Integer> toolsByChoice = new HashMap<>();
    private final Set<Integer> finished = new HashSet<>();
    private GeminiResponseMapper.ToolCallIds ids;

    GeminiStreamDecoder(String fallbackId) {
        this.fallbackId = fallbackId;
    }

    @Override
    public boolean onEvent(SseLines.Event event, TranslatedStream out) throws UpstreamException, StreamAbortedException {
        ObjectNode data = out.parse(event.data());
        if (data.has("error")) {
            JsonNode error = data.path("error");
            throw new UpstreamException(FailureKind.STREAM_ERROR, null, "gemini stream error ("
                    + error.path("status").asText(error.path("code").asText("error")) + "): "
                    + HttpFailures.upstreamMessage(data.toString()), null);
        }
        String responseId = data.path("responseId").asText(fallbackId);
        if (ids == null) {
            ids = new GeminiResponseMapper.ToolCallIds(responseId);
        }
        out.identify("chatcmpl-" + responseId, data.path("modelVersion").asText(null));
        out.usage(GeminiResponseMapper.usage(data.get("usageMetadata")));
        for (JsonNode candidate : data.path("candidates")) {
            int choice = candidate.path("index").asInt(0);
            UpstreamException failed = GeminiFinish.failure(candidate);
            if (failed != null) {
                throw failed;
            }
            out.start(choice);
            for (JsonNode part : candidate.path("content").path("parts")) {
                if (part.path("thought").asBoolean(false)) {
                    continue;
                }
                if (part.path("text").isTextual()) {
                    out.content(choice, part.path("text").asText());
                }
                JsonNode fc = part.get("functionCall");
                if (fc != null && fc.isObject()) {
                    int index = toolsByChoice.merge(choice, 1, Integer::sum) - 1;
                    out.toolCallWhole(choice, index, ids.idFor(fc), fc.path("name").asText(), GeminiResponseMapper.arguments(fc),
                            GeminiThoughtSignatures.extraContent(GeminiThoughtSignatures.ofPart(part)));
                }
            }
            String reason = GeminiFinish.reason(candidate.path("finishReason").asText(null),
                    toolsByChoice.containsKey(choice));
            if (reason != null && finished.add(choice)) {
                out.finish(choice, reason);
            }
        }
        if (data.path("candidates").isEmpty() && data.path("promptFeedback").path("blockReason").isTextual() && finished.add(0)) {
            out.finish(0, "content_filter");
        }
        return false;
    }

    @Override
    public void onEnd(TranslatedStream out) throws UpstreamException, StreamAbortedException {
        if (finished.isEmpty()) {
            throw new UpstreamException(FailureKind.TRANSPORT, null, "gemini stream ended before a finishReason", null);
        }
        out.usageChunk();
    }
}
