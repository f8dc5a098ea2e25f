package xyz.pura.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Deterministic answers: the same request always gets the same answer, so tests can assert on it.
 * Tokens are approximated as words (with their leading space), usage as characters / 4.
 */
public final class Generator {
    private static final String[] VOCABULARY = {
        "routing", "gateway", "latency", "budget", "stream", "token", "provider", "ledger", "quality", "tier",
        "request", "answer", "model", "cost", "balance", "window", "event", "topic", "replay", "signal"};

    private Generator() {
    }

    public static SimAnswer answer(SimRequest request) {
        int prompt = Math.max(1, request.promptText().length() / 4);
        if (!request.tools().isEmpty() && !request.toolChoiceNone() && !request.afterToolResult()) {
            SimRequest.Tool tool = request.tools().get(0);
            List<String> args = argumentPieces(tool.parameters(), request.lastUserText());
            String id = "call_" + Integer.toHexString(Math.abs((request.lastUserText() + tool.name()).hashCode()));
            int completion = Math.max(1, (tool.name().length() + String.join("", args).length()) / 4);
            return new SimAnswer(List.of(), new SimAnswer.ToolCall(id, tool.name(), args), "tool_calls", prompt, completion);
        }
        List<String> words = words(request);
        List<String> pieces = new ArrayList<>();
        String finish = "stop";
        StringBuilder soFar = new StringBuilder();
        for (String word : words) {
            if (request.maxTokens() != null && pieces.size() >= request.maxTokens()) {
                finish = "length";
                break;
            }
            String stop = firstStop(request.stop(), soFar + word);
            if (stop != null) {
                String full = soFar + word;
                String kept = full.substring(0, full.indexOf(stop));
                if (kept.length() > soFar.length()) {
                    pieces.add(kept.substring(soFar.length()));
                }
                break;
            }
            pieces.add(word);
            soFar.append(word);
        }
        return new SimAnswer(List.copyOf(pieces), null, finish, prompt, Math.max(pieces.size(), 0));
    }

    private static String firstStop(List<String> stops, String text) {
        for (String stop : stops) {
            if (!stop.isEmpty() && text.contains(stop)) {
                return stop;
            }
        }
        return null;
    }

    private static List<String> words(SimRequest request) {
        String topic = request.lastUserText().isBlank() ? "the tool result" : request.lastUserText().strip();
        if (topic.length() > 60) {
            topic = topic.substring(0, 60);
        }
        int seed = Math.abs((request.model() + topic).hashCode());
        StringBuilder sentence = new StringBuilder();
        if (request.jsonMode()) {
            sentence.append("{\"answer\": \"simulated\", \"topic\": \"").append(topic.replace("\"", "'").replace("\\", "/"))
                    .append("\", \"score\": ").append(seed % 100).append("}");
        } else {
            sentence.append(request.afterToolResult() ? "Based on the tool result, " : "Simulated answer from ")
                    .append(request.model()).append(" about \"").append(topic).append("\":");
            for (int i = 0; i < 12; i++) {
                sentence.append(' ').append(VOCABULARY[(seed + i * 7) % VOCABULARY.length]);
            }
            sentence.append('.');
        }
        List<String> out = new ArrayList<>();
        String[] split = sentence.toString().split(" ");
        for (int i = 0; i < split.length; i++) {
            out.add(i == 0 ? split[i] : " " + split[i]);
        }
        return out;
    }

    /** Arguments for the tool: every property of its schema gets a value of its type, sent in small pieces. */
    private static List<String> argumentPieces(JsonNode parameters, String userText) {
        StringBuilder json = new StringBuilder("{");
        Iterator<Map.Entry<String, JsonNode>> props = parameters == null
                ? java.util.Collections.emptyIterator() : parameters.path("properties").fields();
        boolean first = true;
        while (props.hasNext()) {
            Map.Entry<String, JsonNode> p = props.next();
            if (!first) {
                json.append(", ");
            }
            first = false;
            json.append('"').append(p.getKey()).append("\": ");
            String type = p.getValue().path("type").asText("string");
            switch (type) {
                case "integer", "number" -> json.append(42);
                case "boolean" -> json.append(true);
                default -> json.append('"').append(userText.isBlank() ? "value" : firstWord(userText)).append('"');
            }
        }
        json.append('}');
        List<String> pieces = new ArrayList<>();
        String s = json.toString();
        for (int i = 0; i < s.length(); i += 5) {
            pieces.add(s.substring(i, Math.min(s.length(), i + 5)));
        }
        return pieces;
    }

    private static String firstWord(String text) {
        String w = text.strip().split("\\s+")[0].replaceAll("[^A-Za-z0-9_-]", "");
        return w.isEmpty() ? "value" : w;
    }
}
