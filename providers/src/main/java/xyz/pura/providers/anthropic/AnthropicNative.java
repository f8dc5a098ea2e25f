package xyz.pura.providers.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import xyz.pura.providers.UpstreamRequest;

/**
 * A request that came in through the Messages door ({@code ChatRequest.anthropicMessages}) is sent as the caller wrote
 * it, with only the model the router chose and the stream flag of this call: cache_control, thinking and its signed
 * blocks, redacted_thinking, top_k and the tool blocks reach Claude unchanged. The OpenAI translation of the same
 * request ({@code ChatRequest.body}) is what routing, metering and the other providers used; this provider does not
 * translate it back, since that way is lossy.
 */
final class AnthropicNative {
    private AnthropicNative() {
    }

    /** Whether the request carries the caller's own Messages request. */
    static boolean applies(UpstreamRequest request) {
        return request.chat().anthropicMessages() != null;
    }

    /** The caller's Messages request for this call: a copy, with the chosen model and this call's stream flag. */
    static ObjectNode body(UpstreamRequest request, boolean stream) {
        ObjectNode body = request.chat().anthropicMessages().deepCopy();
        body.put("model", request.model());
        if (stream) {
            body.put("stream", true);
        } else {
            body.remove("stream");
        }
        return body;
    }
}
