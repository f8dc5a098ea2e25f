package xyz.pura.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.UpstreamException;

/**
 * What a Gemini {@code finishReason} means to an OpenAI client, which knows only stop, length, tool_calls and
 * content_filter. A reason is mapped to the finish_reason a client can act on, or, where no finish_reason would tell
 * the truth, the answer fails as an upstream failure:
 *
 * <ul>
 *   <li>{@code STOP}: stop (tool_calls when the answer called functions); {@code MAX_TOKENS}: length;</li>
 *   <li>the blocking family ({@code SAFETY}, {@code RECITATION}, {@code LANGUAGE}, {@code BLOCKLIST},
 *       {@code PROHIBITED_CONTENT}, {@code SPII} and the {@code IMAGE_*} blocks): content_filter, as OpenAI reports
 *       an answer its filters cut;</li>
 *   <li>{@code MALFORMED_FUNCTION_CALL}, {@code UNEXPECTED_TOOL_CALL}, {@code TOO_MANY_TOOL_CALLS},
 *       {@code MALFORMED_RESPONSE}, {@code OTHER}, {@code IMAGE_OTHER}, {@code NO_IMAGE} and any reason not listed
 *       here: the model failed to produce an answer (a malformed call comes with no usable content at all, and
 *       "stop" would hand the client an empty answer as if it were complete). These fail with
 *       {@link FailureKind#SERVER_ERROR}, which is retryable: another sample, or the next provider of the tier,
 *       usually succeeds;</li>
 *   <li>{@code MISSING_THOUGHT_SIGNATURE}: the caller sent a function call back without the signature it came with
 *       ({@link GeminiThoughtSignatures}); {@link FailureKind#BAD_REQUEST}, which only the caller can fix.</li>
 * </ul>
 */
final class GeminiFinish {
    private static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "LANGUAGE", "BLOCKLIST", "PROHIBITED_CONTENT",
            "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION");

    private GeminiFinish() {
    }

    /** The OpenAI finish_reason of a candidate's finishReason; null while it has none (or when it is a failure). */
    static String reason(String reason, boolean calledFunctions) {
        if (reason == null || reason.equals("FINISH_REASON_UNSPECIFIED")) {
            return null;
        }
        if (reason.equals("STOP")) {
            return calledFunctions ? "tool_calls" : "stop";
        }
        if (reason.equals("MAX_TOKENS")) {
            return "length";
        }
        return FILTERED.contains(reason) ? "content_filter" : null;
    }

    /** The failure a candidate's finishReason stands for, or null when it maps to a finish_reason (or has none). */
    static UpstreamException failure(JsonNode candidate) {
        String reason = candidate.path("finishReason").asText(null);
        if (reason == null || reason.equals("FINISH_REASON_UNSPECIFIED") || reason(reason, false) != null) {
            return null;
        }
        String detail = candidate.path("finishMessage").isTextual() ? ": " + candidate.path("finishMessage").asText() : "";
        if (detail.length() > 300) {
            detail = detail.substring(0, 300) + "...";
        }
        if (reason.equals("MISSING_THOUGHT_SIGNATURE")) {
            return new UpstreamException(FailureKind.BAD_REQUEST, 200, "gemini refused a function call sent back without its "
                    + "thought signature; send each assistant tool call back with its extra_content.google.thought_signature"
                    + detail, null);
        }
        return new UpstreamException(FailureKind.SERVER_ERROR, 200, "gemini ended the answer with finishReason " + reason
                + " and no usable answer" + detail, null);
    }
}
