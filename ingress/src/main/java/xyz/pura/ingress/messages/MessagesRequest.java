package xyz.pura.ingress.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.regex.Pattern;
import xyz.pura.events.Json;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.ChatRequestParser;
import xyz.pura.events.chat.InvalidRequestException;

/**
 * A Messages request read from its body: the caller's JSON object (what Claude receives) and its OpenAI translation
 * (what routing, metering and the other providers read), parsed as the chat door parses its own.
 */
public final class MessagesRequest {
    /** Anthropic's API versions are dates: {@code 2023-06-01}. */
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private MessagesRequest() {
    }

    /** An {@code anthropic-version} header is optional here, but must be a version when sent. */
    public static void checkVersion(String version) {
        if (version != null && !VERSION.matcher(version.trim()).matches()) {
            throw new InvalidRequestException("anthropic-version: '" + abbreviate(version) + "' is not a valid version; "
                    + "send a date such as '2023-06-01', or leave the header out", "anthropic-version");
        }
    }

    /** The request as a chat request carrying the caller's own (see {@code ChatRequest.anthropicMessages}). */
    public static ChatRequest parse(byte[] body) {
        ObjectNode original = object(body);
        return ChatRequestParser.parse(MessagesToChat.translate(original, false), false).withAnthropicMessages(original);
    }

    /** The request of {@code count_tokens} as a chat request, for the gateway's own token count. */
    public static ChatRequest parseForCount(byte[] body) {
        return ChatRequestParser.parse(MessagesToChat.translate(object(body), true), false);
    }

    private static ObjectNode object(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException("The request body is empty; send a JSON object with model, max_tokens and messages.", null);
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("There was an error parsing the body of your request: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw new InvalidRequestException("The request body could not be read.", null);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException("The request body must be a JSON object.", null);
        }
        return (ObjectNode) root;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
