package xyz.pura.ingress;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import xyz.pura.events.Endpoint;
import xyz.pura.events.Json;
import xyz.pura.events.embeddings.EmbeddingModel;
import xyz.pura.events.embeddings.EmbeddingModels;
import xyz.pura.router.CatalogModel;
import xyz.pura.router.ModelCatalog;

/**
 * {@code GET /v1/models}: the catalog in OpenAI's list shape, plus "auto" (automatic routing); each model says its
 * tier, context window and what it takes beyond text and tools ({@code takes}: images, audio, pdf, n, logprobs, reasoning).
 * Then the embedding models ({@link EmbeddingModels}), each with {@code "endpoint": "/v1/embeddings"} and its default
 * {@code dimensions} instead (they are not chat models, and no chat is ever routed to one).
 */
public final class ModelsHandler {
    private final byte[] body;

    public ModelsHandler(ModelCatalog catalog) {
        ObjectNode root = Json.mapper().createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        data.addObject().put("id", "auto").put("object", "model").put("created", 0).put("owned_by", "pura");
        for (CatalogModel m : catalog.models()) {
            ObjectNode model = data.addObject().put("id", m.id()).put("object", "model").put("created", 0)
                    .put("owned_by", m.provider().wireName()).put("tier", m.tier().wireName())
                    .put("context_window", m.contextWindow());
            ArrayNode takes = model.putArray("takes"); // what it serves beyond text and tools: routing honours it
            m.takes().forEach(c -> takes.add(c.wireName()));
        }
        for (EmbeddingModel m : EmbeddingModels.all()) {
            data.addObject().put("id", m.id()).put("object", "model").put("created", 0)
                    .put("owned_by", m.provider().wireName()).put("endpoint", Endpoint.EMBEDDINGS.wireName())
                    .put("dimensions", m.defaultDimensions());
        }
        this.body = Json.bytes(root);
    }

    public void list(Context ctx) {
        ctx.contentType("application/json").result(body);
    }
}
