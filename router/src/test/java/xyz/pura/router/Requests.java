package xyz.pura.router;

import com.fasterxml.jackson.databind.node.ObjectNode;
import xyz.pura.events.Json;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.ChatRequestParser;

/** Builds parsed chat requests for tests. */
final class Requests {
    private Requests() {
    }

    static ChatRequest user(String text) {
        return ChatRequestParser.parse(body(text), false);
    }

    /** @param quality "high", "low" or null; @param prefer a provider's wire name or null */
    static ChatRequest user(String text, String quality, String prefer) {
        ObjectNode body = body(text);
        ObjectNode routing = body.putObject("routing");
        if (quality != null) {
            routing.put("quality", quality);
        }
        if (prefer != null) {
            routing.put("prefer", prefer);
        }
        return ChatRequestParser.parse(body, false);
    }

    static ChatRequest model(String model, String text) {
        ObjectNode body = body(text);
        body.put("model", model);
        return ChatRequestParser.parse(body, false);
    }

    /** A mid-tier request: a small coding task. */
    static String midText() {
        return "Write a SQL query that returns the top 5 customers by total order value in 2024.";
    }

    /** A premium request: long "analyze this code step by step" with a code block. */
    static String premiumText() {
        return "Analyze this code step by step and explain why it deadlocks:\n```java\n"
                + LabelledPrompts.repeat(LabelledPrompts.CODE, 1500) + "\n```";
    }

    private static ObjectNode body(String text) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        return body;
    }
}
