package xyz.pura.events.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import xyz.pura.events.chat.ChatMessage;
import xyz.pura.events.chat.ChatRequest;

/**
 * The gateway's own token count (jtokkit, {@code o200k_base}), the figure every cost is priced from for
 * every provider, so that headers, ledger and reports agree. One shared encoding; thread-safe and
 * deterministic. Special-token text in user input is counted as ordinary text, never rejected.
 *
 * <p>A request counts, after OpenAI's published chat accounting: {@value #PER_MESSAGE} tokens per
 * message (role framing) plus its role, its text (string content or every text part), a fixed
 * {@value #IMAGE_LOW} / {@value #IMAGE_HIGH} tokens per image part (low detail / otherwise), the JSON of
 * any other part, its {@code name} ({@value #PER_NAME} more), its tool calls (id, function name,
 * arguments) and its {@code tool_call_id}; then the JSON of the tool definitions and of the
 * {@code response_format}, and {@value #REPLY_PRIMING} tokens that prime the reply.
 */
public final class TokenEstimator {
    static final int PER_MESSAGE = 3;
    static final int PER_NAME = 1;
    static final int REPLY_PRIMING = 3;
    static final int PER_TOOL_CALL = 3;
    static final int IMAGE_LOW = 85;
    static final int IMAGE_HIGH = 765;

    private static final Encoding ENCODING =
            Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    private static final TokenEstimator INSTANCE = new TokenEstimator();

    private TokenEstimator() {
    }

    /** The shared estimator. */
    public static TokenEstimator instance() {
        return INSTANCE;
    }

    /** Tokens of a plain text (an answer, a streamed delta). Null or empty counts 0. */
    public int countText(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return ENCODING.countTokensOrdinary(text);
    }

    /** Tokens of the whole request: every message, tool definitions and response format. */
    public int countRequest(ChatRequest request) {
        int total = REPLY_PRIMING;
        for (ChatMessage message : request.messages()) {
            total = Math.addExact(total, countMessage(message));
        }
        total = Math.addExact(total, countJson(request.body().get("tools")));
        total = Math.addExact(total, countJson(request.body().get("functions")));
        JsonNode format = request.body().get("response_format");
        if (format != null && !"text".equals(format.path("type").asText())) {
            total = Math.addExact(total, countJson(format));
        }
        return total;
    }

    private int countMessage(ChatMessage message) {
        int n = PER_MESSAGE + countText(message.role()) + countContent(message.content());
        JsonNode raw = message.raw();
        if (raw.path("name").isTextual()) {
            n += PER_NAME + countText(raw.get("name").asText());
        }
        for (JsonNode call : raw.path("tool_calls")) {
            n += PER_TOOL_CALL + countText(call.path("id").asText(""))
                    + countText(call.path("function").path("name").asText(""))
                    + countArguments(call.path("function").get("arguments"));
        }
        JsonNode legacyCall = raw.get("function_call");
        if (legacyCall != null && legacyCall.isObject()) {
            n += PER_TOOL_CALL + countText(legacyCall.path("name").asText(""))
                    + countArguments(legacyCall.get("arguments"));
        }
        if (raw.path("tool_call_id").isTextual()) {
            n += countText(raw.get("tool_call_id").asText());
        }
        return n;
    }

    private int countContent(JsonNode content) {
        if (content == null || content.isNull()) {
            return 0;
        }
        if (content.isTextual()) {
            return countText(content.asText());
        }
        int n = 0;
        for (JsonNode part : content) {
            String type = part.path("type").asText("");
            if (part.path("text").isTextual()) {
                n += countText(part.get("text").asText());
            } else if (type.equals("image_url")) {
                n += "low".equals(part.path("image_url").path("detail").asText()) ? IMAGE_LOW : IMAGE_HIGH;
            } else {
                n += countJson(part);
            }
        }
        return n;
    }

    /** Arguments are a JSON string on the OpenAI wire; some callers send an object. */
    private int countArguments(JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return 0;
        }
        return arguments.isTextual() ? countText(arguments.asText()) : countJson(arguments);
    }

    private int countJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return 0;
        }
        return countText(node.toString());
    }
}
