package xyz.pura.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * The content blocks of a Messages request, refused as the real API refuses them: an unknown block type; a thinking
 * block without its text and signature, or whose signature the simulator did not issue (the real API checks the
 * signature is Claude's own, so a client that edits or invents a thinking block is refused); a redacted_thinking
 * block without its data; thinking blocks in a user turn; and, with thinking enabled, a tool-use loop (the last
 * assistant turn called tools and the user turn after it answers them) whose assistant turn does not start with its
 * thinking block.
 */
final class AnthropicBlocks {
    static final String SIGNATURE_PREFIX = "sim-thinking-";
    private static final Set<String> TYPES = Set.of("text", "image", "document", "tool_use", "tool_result", "thinking",
            "redacted_thinking", "search_result", "server_tool_use", "web_search_tool_result");

    private AnthropicBlocks() {
    }

    /** A signature as the simulator issues it for a thinking block. */
    static String signature(String seed) {
        return Base64.getEncoder().encodeToString((SIGNATURE_PREFIX + seed).getBytes(StandardCharsets.UTF_8));
    }

    /** @return the first refusal, or null */
    static String refusal(JsonNode body) {
        JsonNode messages = body.path("messages");
        for (int i = 0; i < messages.size(); i++) {
            JsonNode content = messages.get(i).path("content");
            boolean user = "user".equals(messages.get(i).path("role").asText());
            for (int b = 0; b < content.size(); b++) {
                String problem = block(content.get(b), user, "messages." + i + ".content." + b);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return "enabled".equals(body.path("thinking").path("type").asText()) ? toolLoop(messages) : null;
    }

    private static String block(JsonNode block, boolean user, String at) {
        String type = block.path("type").asText("");
        if (!TYPES.contains(type)) {
            return at + ".type: Input tag '" + type + "' found using 'type' does not match any of the expected tags";
        }
        if ((type.equals("thinking") || type.equals("redacted_thinking")) && user) {
            return at + ": `" + type + "` blocks may only appear in `assistant` messages";
        }
        if (type.equals("thinking")) {
            if (!block.path("thinking").isTextual()) {
                return at + ".thinking.thinking: Field required";
            }
            if (!block.path("signature").isTextual()) {
                return at + ".thinking.signature: Field required";
            }
            if (!issued(block.path("signature").asText())) {
                return at + ": Invalid `signature` in `thinking` block";
            }
        }
        if (type.equals("redacted_thinking") && !block.path("data").isTextual()) {
            return at + ".redacted_thinking.data: Field required";
        }
        return null;
    }

    private static boolean issued(String signature) {
        try {
            return new String(Base64.getDecoder().decode(signature), StandardCharsets.UTF_8).startsWith(SIGNATURE_PREFIX);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /** With thinking on, the assistant turn of an unfinished tool-use loop must start with its thinking block. */
    private static String toolLoop(JsonNode messages) {
        int last = messages.size() - 1;
        if (last < 1 || !"user".equals(messages.get(last).path("role").asText()) || !has(messages.get(last), "tool_result")) {
            return null;
        }
        JsonNode assistant = messages.get(last - 1);
        if (!"assistant".equals(assistant.path("role").asText()) || !has(assistant, "tool_use")) {
            return null;
        }
        String first = assistant.path("content").path(0).path("type").asText("");
        if (first.equals("thinking") || first.equals("redacted_thinking")) {
            return null;
        }
        return "messages." + (last - 1) + ".content.0.type: Expected `thinking` or `redacted_thinking`, but found `"
                + first + "`. When `thinking` is enabled, a final `assistant` message must start with a thinking block "
                + "(preceeding the lastmost set of `tool_use` and `tool_result` blocks).";
    }

    private static boolean has(JsonNode message, String type) {
        for (JsonNode b : message.path("content")) {
            if (type.equals(b.path("type").asText())) {
                return true;
            }
        }
        return false;
    }
}
