package xyz.pura.providers.groq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import xyz.pura.events.chat.InvalidRequestException;

/**
 * What an OpenAI chat completions body must lose before Groq takes it. Groq's OpenAI compatibility answers 400 to
 * {@code logprobs}, {@code top_logprobs}, {@code logit_bias} and {@code messages[].name} whenever they are supplied, and
 * to {@code n} other than 1. So:
 * <ul>
 *   <li>a request that asks for what Groq cannot give (log probabilities, a non-empty {@code logit_bias}, more than one
 *       choice) is refused with {@link InvalidRequestException} before anything is sent, as the Anthropic provider
 *       refuses {@code n > 1}: another provider may serve it;</li>
 *   <li>the same fields set to their no-op values ({@code logprobs: false}, {@code top_logprobs: 0}, {@code logit_bias:
 *       {}}, {@code null} for any) are removed, and {@code n: 1} is kept;</li>
 *   <li>{@code messages[].name} is removed. On a user message it is folded into the content first, as a
 *       {@code "<name>: "} prefix (a leading text part when the content is an array of parts): the name tells the
 *       model which of several participants of the same role is speaking (multi-agent frameworks rely on it), and the
 *       prefix keeps that. On other roles it is dropped: an assistant that saw its own turns prefixed would learn to
 *       write the prefix itself, a system or developer name tells the model nothing, and a tool result is already tied
 *       to its call by {@code tool_call_id}.</li>
 * </ul>
 */
final class GroqRequests {
    private GroqRequests() {
    }

    /** Makes {@code body} (a copy the caller owns) acceptable to Groq, or throws if Groq cannot serve it. */
    static void adapt(ObjectNode body) {
        JsonNode n = body.get("n");
        if (n != null && n.canConvertToInt() && n.intValue() > 1) {
            throw refused("Groq returns one choice per request; 'n' must be 1 for this provider.", "n");
        }
        if (n != null && n.isNull()) {
            body.remove("n");
        }
        if (body.path("logprobs").asBoolean(false)) {
            throw refused("Groq does not return log probabilities; 'logprobs' is not supported by this provider.", "logprobs");
        }
        body.remove("logprobs");
        if (body.path("top_logprobs").asInt(0) > 0) {
            throw refused("Groq does not return log probabilities; 'top_logprobs' is not supported by this provider.", "top_logprobs");
        }
        body.remove("top_logprobs");
        JsonNode bias = body.get("logit_bias");
        if (bias != null && !bias.isNull() && !bias.isEmpty()) {
            throw refused("Groq does not support 'logit_bias'.", "logit_bias");
        }
        body.remove("logit_bias");
        if (body.get("messages") instanceof ArrayNode messages) {
            for (JsonNode m : messages) {
                if (m instanceof ObjectNode message) {
                    foldName(message);
                }
            }
        }
    }

    private static void foldName(ObjectNode message) {
        JsonNode name = message.remove("name");
        if (name == null || !name.isTextual() || name.asText().isBlank() || !"user".equals(message.path("role").asText())) {
            return;
        }
        String prefix = name.asText().strip() + ": ";
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            message.put("content", prefix + content.asText());
        } else if (content instanceof ArrayNode parts) {
            parts.insertObject(0).put("type", "text").put("text", prefix);
        }
    }

    private static InvalidRequestException refused(String message, String param) {
        return new InvalidRequestException(message, param);
    }
}
