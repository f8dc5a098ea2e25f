package xyz.pura.providers.anthropic;

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
 * Anthropic's stream events to OpenAI chunks: message_start names the response (id, model) and reports the input
 * usage, but sends nothing: the role delta goes out with the first content, so that an error event before any
 * content (Anthropic's overloaded_error right after message_start) fails the attempt before anything reached the
 * client, and the gateway can still try again or elsewhere. A tool_use block start sends the tool call's id and name,
 * its input_json_delta pieces its arguments (OpenAI tool index = order of tool_use blocks, not the block index);
 * thinking and thinking_delta send {@code reasoning_content} deltas (signatures are dropped: OpenAI's format cannot
 * carry them back); message_delta sends the finish reason; message_stop ends the stream (and sends the usage chunk
 * if asked). ping and unknown events are ignored, as Anthropic's versioning policy asks; an error event fails the
 * stream. For a request from the Messages door every other event is also passed on as it came, before its chunks.
 */
final class AnthropicStreamDecoder implements TranslatedStream.Decoder {
    private final Map<Integer, Integer> toolByBlock = new HashMap<>();
    private final Set<Integer> toolsWithArguments = new HashSet<>();
    private final AnthropicResponseMapper.UsageCounter usage = new AnthropicResponseMapper.UsageCounter();
    private final boolean passThrough;
    private boolean stopped;

    AnthropicStreamDecoder() {
        this(false);
    }

    /** @param passThrough whether each event is also passed on as it came ({@link TranslatedStream#upstreamEvent}) */
    AnthropicStreamDecoder(boolean passThrough) {
        this.passThrough = passThrough;
    }

    @Override
    public boolean onEvent(SseLines.Event event, TranslatedStream out) throws UpstreamException, StreamAbortedException {
        ObjectNode data = out.parse(event.data());
        String type = data.path("type").asText(event.name() == null ? "" : event.name());
        if (passThrough && !type.equals("error")) {
            out.upstreamEvent(data); // an error is the attempt's failure: the gateway may still try elsewhere
        }
        switch (type) {
            case "message_start" -> {
                JsonNode message = data.path("message");
                out.identify(AnthropicResponseMapper.completionId(message.path("id").asText(null)), message.path("model").asText(null));
                usage.add(message.get("usage"));
                out.usage(usage.usage());
            }
            case "content_block_start" -> blockStart(data.path("index").asInt(), data.path("content_block"), out);
            case "content_block_delta" -> blockDelta(data.path("index").asInt(), data.path("delta"), out);
            case "content_block_stop" -> {
                Integer tool = toolByBlock.get(data.path("index").asInt());
                if (tool != null && !toolsWithArguments.contains(tool)) {
                    out.toolCallArguments(0, tool, "{}"); // a tool without parameters: OpenAI sends "{}"
                }
            }
            case "message_delta" -> {
                usage.add(data.get("usage"));
                out.usage(usage.usage());
                String reason = AnthropicResponseMapper.finishReason(data.path("delta").path("stop_reason").asText(null));
                if (reason != null) {
                    out.finish(0, reason);
                }
            }
            case "message_stop" -> {
                stopped = true;
                out.usageChunk();
                return true;
            }
            case "error" -> throw streamError(data);
            default -> {
                // ping, and event types added after this adapter was written
            }
        }
        return false;
    }

    @Override
    public void onEnd(TranslatedStream out) throws UpstreamException {
        if (!stopped) {
            throw new UpstreamException(FailureKind.TRANSPORT, null, "anthropic stream ended before message_stop", null);
        }
    }

    private void blockStart(int index, JsonNode block, TranslatedStream out) throws StreamAbortedException {
        switch (block.path("type").asText()) {
            case "text" -> out.content(0, block.path("text").asText(""));
            case "thinking" -> out.reasoning(0, block.path("thinking").asText(""));
            case "tool_use" -> {
                int tool = toolByBlock.size();
                toolByBlock.put(index, tool);
                out.toolCallStart(0, tool, block.path("id").asText(), block.path("name").asText());
                JsonNode input = block.get("input");
                if (input != null && input.isObject() && !input.isEmpty()) {
                    toolsWithArguments.add(tool);
                    out.toolCallArguments(0, tool, input.toString());
                }
            }
            default -> {
                // redacted_thinking, server tool blocks: nothing to say in OpenAI's format
            }
        }
    }

    private void blockDelta(int index, JsonNode delta, TranslatedStream out) throws StreamAbortedException {
        switch (delta.path("type").asText()) {
            case "text_delta" -> out.content(0, delta.path("text").asText(""));
            case "thinking_delta" -> out.reasoning(0, delta.path("thinking").asText(""));
            case "input_json_delta" -> {
                Integer tool = toolByBlock.get(index);
                String piece = delta.path("partial_json").asText("");
                if (tool != null && !piece.isEmpty()) {
                    toolsWithArguments.add(tool);
                    out.toolCallArguments(0, tool, piece);
                }
            }
            default -> {
                // signature_delta, citations_delta
            }
        }
    }

    private static UpstreamException streamError(ObjectNode data) {
        String errorType = data.path("error").path("type").asText("error");
        FailureKind kind = errorType.equals("overloaded_error") ? FailureKind.OVERLOADED : FailureKind.STREAM_ERROR;
        return new UpstreamException(kind, null, "anthropic stream error (" + errorType + "): "
                + HttpFailures.upstreamMessage(data.toString()), null);
    }
}
