package xyz.pura.providers.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import xyz.pura.events.Json;

/**
 * Alternating conversation turns as Anthropic and Gemini want them: a list of blocks (or parts) per
 * turn, consecutive turns of one role merged into one.
 */
public final class MergedTurns {
    private final String field;
    private final List<String> roles = new ArrayList<>();
    private final List<List<ObjectNode>> blocks = new ArrayList<>();

    /** @param field the name of each turn's block list: {@code content} (Anthropic) or {@code parts} (Gemini) */
    public MergedTurns(String field) {
        this.field = field;
    }

    public void add(String role, List<ObjectNode> content) {
        if (content.isEmpty()) {
            return;
        }
        if (!roles.isEmpty() && roles.get(roles.size() - 1).equals(role)) {
            blocks.get(blocks.size() - 1).addAll(content);
        } else {
            roles.add(role);
            blocks.add(new ArrayList<>(content));
        }
    }

    public boolean isEmpty() {
        return roles.isEmpty();
    }

    public ArrayNode toJson() {
        ArrayNode out = Json.mapper().createArrayNode();
        for (int i = 0; i < roles.size(); i++) {
            ObjectNode turn = out.addObject().put("role", roles.get(i));
            turn.putArray(field).addAll(blocks.get(i));
        }
        return out;
    }
}
