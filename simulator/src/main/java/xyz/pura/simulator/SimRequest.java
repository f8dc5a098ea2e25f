package xyz.pura.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A chat request in no particular wire format: what the generator needs to produce an answer.
 *
 * @param promptText all text of the conversation, for the usage count
 * @param lastUserText the text of the last user turn ("" when the last turn is a tool result)
 * @param maxTokens the output cap, or null
 * @param stop stop sequences (possibly empty)
 * @param tools the tools offered, each with a name and a JSON Schema of its parameters
 * @param toolChoiceNone whether the caller forbade tool calls
 * @param afterToolResult whether the last turn is a tool result
 * @param jsonMode whether the answer must be a JSON object
 */
public record SimRequest(String model, String promptText, String lastUserText, Integer maxTokens, List<String> stop,
                         List<Tool> tools, boolean toolChoiceNone, boolean afterToolResult, boolean jsonMode) {

    public record Tool(String name, JsonNode parameters) {
    }
}
