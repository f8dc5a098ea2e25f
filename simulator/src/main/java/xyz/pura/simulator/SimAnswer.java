package xyz.pura.simulator;

import java.util.List;

/**
 * What the simulated model answers, before it is written in a provider's format.
 *
 * @param pieces the text, token by token (empty for a tool call)
 * @param toolCall the tool call, or null
 * @param finish one of stop, length, tool_calls
 */
public record SimAnswer(List<String> pieces, ToolCall toolCall, String finish, int promptTokens, int completionTokens) {

    public String text() {
        return String.join("", pieces);
    }

    /** @param argumentPieces the JSON arguments, in the pieces a stream sends them */
    public record ToolCall(String id, String name, List<String> argumentPieces) {
        public String arguments() {
            return String.join("", argumentPieces);
        }
    }
}
