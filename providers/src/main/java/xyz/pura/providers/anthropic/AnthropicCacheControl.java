package xyz.pura.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import xyz.pura.events.Json;
import xyz.pura.events.chat.InvalidRequestException;

/**
 * Anthropic's prompt-cache breakpoints ({@code cache_control}) kept where the client put them. OpenAI's format has no
 * such field, but clients that know their model is Claude send it as an extension: on a content part, on a whole
 * message (it then marks the message's last block), on a tool object (or its {@code function}). Flattening them away
 * made every long system prompt, tool list and tool result pay the full input price on every turn.
 *
 * <p>Only what Anthropic accepts is passed on: {@code {"type":"ephemeral"}} with an optional {@code ttl} of
 * {@code "5m"} or {@code "1h"}, at most {@value #MAX_BREAKPOINTS} per request (Anthropic's limit). Anything else is
 * refused here with the field named, rather than by Anthropic after a round trip with a message about its own format.
 */
final class AnthropicCacheControl {
    /** Anthropic refuses a request with more breakpoints than this. */
    static final int MAX_BREAKPOINTS = 4;

    private AnthropicCacheControl() {
    }

    /** Copies {@code from}'s cache_control (if any, validated) onto {@code block}. */
    static void copy(JsonNode from, ObjectNode block, String param) {
        ObjectNode cc = of(from == null ? null : from.get("cache_control"), param + ".cache_control");
        if (cc != null) {
            block.set("cache_control", cc);
        }
    }

    /** A message's own cache_control marks the last block the message became. */
    static void onLast(JsonNode message, List<ObjectNode> blocks, String param) {
        if (!blocks.isEmpty()) {
            copy(message, blocks.get(blocks.size() - 1), param);
        }
    }

    /** @return the breakpoint as Anthropic takes it, or null when absent */
    static ObjectNode of(JsonNode cc, String param) {
        if (cc == null || cc.isNull()) {
            return null;
        }
        JsonNode ttl = cc.get("ttl");
        boolean ttlOk = ttl == null || ttl.isNull() || ttl.isTextual() && ("5m".equals(ttl.asText()) || "1h".equals(ttl.asText()));
        if (!cc.isObject() || !"ephemeral".equals(cc.path("type").asText()) || !ttlOk) {
            throw new InvalidRequestException("'" + param + "' must be {\"type\":\"ephemeral\"}, optionally with \"ttl\": \"5m\" or \"1h\".",
                    param);
        }
        ObjectNode out = Json.mapper().createObjectNode().put("type", "ephemeral");
        if (ttl != null && ttl.isTextual()) {
            out.put("ttl", ttl.asText());
        }
        return out;
    }

    /** Refuses a translated request with more breakpoints than Anthropic takes (tools, system and message blocks). */
    static void checkCount(ObjectNode request) {
        int n = count(request.get("tools")) + count(request.get("system"));
        for (JsonNode m : request.path("messages")) {
            n += count(m.get("content"));
        }
        if (n > MAX_BREAKPOINTS) {
            throw new InvalidRequestException("Anthropic accepts at most " + MAX_BREAKPOINTS
                    + " cache_control breakpoints per request (on tools, system and message content); this request has " + n + ".",
                    "cache_control");
        }
    }

    private static int count(JsonNode blocks) {
        int n = 0;
        if (blocks != null && blocks.isArray()) {
            for (JsonNode b : blocks) {
                n += b.has("cache_control") ? 1 : 0;
                n += count(b.get("content")); // the blocks inside a tool_result
            }
        }
        return n;
    }
}
