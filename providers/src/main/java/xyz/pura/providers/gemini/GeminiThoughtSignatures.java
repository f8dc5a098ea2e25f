package xyz.pura.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import xyz.pura.events.Json;

/**
 * Gemini's thought signatures on function calls, carried through the OpenAI shape. A thinking Gemini model puts an
 * opaque {@code thoughtSignature} beside the {@code functionCall} of a part (the first call of a turn, when it calls
 * several at once); Gemini 3 refuses with 400 a later request that sends that call back without it, and other
 * thinking models lose their reasoning context. OpenAI's tool call has no such field, so the signature travels where
 * Google's own OpenAI-compatibility layer puts it, {@code tool_call.extra_content.google.thought_signature}: clients
 * that send back the tool_calls they were given, unchanged, send it back too, and this class puts it again on the
 * matching {@code functionCall} part.
 */
final class GeminiThoughtSignatures {
    private GeminiThoughtSignatures() {
    }

    /** The signature of an OpenAI tool call a client sent back, or null when it carries none. */
    static String of(JsonNode toolCall) {
        JsonNode sig = toolCall.path("extra_content").path("google").path("thought_signature");
        return sig.isTextual() && !sig.asText().isEmpty() ? sig.asText() : null;
    }

    /** The signature of a Gemini part, or null. */
    static String ofPart(JsonNode part) {
        JsonNode sig = part.path("thoughtSignature");
        return sig.isTextual() && !sig.asText().isEmpty() ? sig.asText() : null;
    }

    /** {@code {"google":{"thought_signature":...}}}, the tool call's {@code extra_content}; null for no signature. */
    static ObjectNode extraContent(String signature) {
        if (signature == null) {
            return null;
        }
        ObjectNode extra = Json.mapper().createObjectNode();
        extra.putObject("google").put("thought_signature", signature);
        return extra;
    }

    /** Puts the signature of a Gemini part on the OpenAI tool call made of it (nothing when the part has none). */
    static ObjectNode attach(ObjectNode toolCall, JsonNode part) {
        ObjectNode extra = extraContent(ofPart(part));
        if (extra != null) {
            toolCall.set("extra_content", extra);
        }
        return toolCall;
    }
}
