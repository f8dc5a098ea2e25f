package xyz.pura.ingress;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import xyz.pura.events.Json;

/** {@code GET /v1/models}: the catalog in OpenAI's list shape, plus "auto". */
public final class ModelsHandler {
    private final byte[] body;

    public ModelsHandler(List<Route.Target> models) {
        ObjectNode root = Json.mapper().createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        data.addObject().put("id", "auto").put("object", "model").put("created", 0).put("owned_by", "pura");
        for (Route.Target m : models) {
            data.addObject().put("id", m.model()).put("object", "model").put("created", 0)
                    .put("owned_by", m.provider().wireName());
        }
        this.body = Json.bytes(root);
    }

    public void list(Context ctx) {
        ctx.contentType("application/json").result(body);
    }
}
