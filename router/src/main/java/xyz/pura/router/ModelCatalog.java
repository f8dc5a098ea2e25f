package xyz.pura.router;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import xyz.pura.events.ProviderId;
import xyz.pura.events.Tier;
import xyz.pura.events.chat.InvalidRequestException;
import xyz.pura.router.internal.CatalogLoader;
import xyz.pura.router.internal.PrefixMap;

/**
 * The models Pura routes to (from {@code catalog.json}): each provider's models with tier, context
 * window and price key, the default model per tier and provider, the providers of each tier in
 * order, and the prefix map that sends an explicit model name to its provider. Immutable.
 */
public final class ModelCatalog {
    /** The classpath resource {@link #load()} reads. */
    public static final String RESOURCE = "/catalog.json";

    private final List<CatalogModel> models;
    private final Map<String, CatalogModel> byId;
    private final Map<Tier, List<ProviderId>> tierOrder;
    private final Map<Tier, Map<ProviderId, CatalogModel>> defaults;
    private final PrefixMap prefixes;

    private ModelCatalog(CatalogLoader.Data data) {
        this.models = data.models();
        this.byId = data.byId();
        this.tierOrder = data.tierOrder();
        this.defaults = data.defaults();
        this.prefixes = data.prefixes();
    }

    /** The catalog shipped in this module's {@value #RESOURCE}. */
    public static ModelCatalog load() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return fromJson(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    /** Reads a catalog in the format of {@value #RESOURCE}; throws IllegalArgumentException when invalid. */
    public static ModelCatalog fromJson(InputStream json) {
        return new ModelCatalog(CatalogLoader.read(json));
    }

    /** Every model, grouped by provider in catalog order (for {@code GET /v1/models}). */
    public List<CatalogModel> models() {
        return models;
    }

    /** The catalog entry of a model id, exactly as spelled. */
    public Optional<CatalogModel> find(String modelId) {
        return Optional.ofNullable(byId.get(modelId));
    }

    /** The provider a model name belongs to by the prefix map, whether or not the catalog lists it. */
    public Optional<ProviderId> providerOf(String modelId) {
        return Optional.ofNullable(prefixes.providerOf(modelId));
    }

    /** The providers of a tier, in the tier's order. */
    public List<ProviderId> tierOrder(Tier tier) {
        return tierOrder.get(tier);
    }

    /** The model auto-routing sends to this provider in this tier, or null when the provider has none there. */
    public CatalogModel defaultModel(ProviderId provider, Tier tier) {
        return defaults.get(tier).get(provider);
    }

    /** The known prefixes, for messages: {@code gpt*, o* -> openai; claude* -> anthropic; ...}. */
    public String describePrefixes() {
        return prefixes.describe();
    }

    /**
     * Resolves an explicit model: the catalog entry, or, for an unlisted name that matches a prefix,
     * an entry of tier MID whose limits are unknown (context window unbounded, every capability allowed:
     * the upstream decides).
     *
     * @throws InvalidRequestException code {@code model_not_found}, param {@code model}, when no prefix matches, or
     *     when the name is an embedding model's ({@code gemini-embedding-001} matches Gemini's prefix, but is never a
     *     chat model: it is served on {@code POST /v1/embeddings})
     */
    public CatalogModel resolve(String modelId) {
        CatalogModel known = byId.get(modelId);
        if (known != null) {
            return known;
        }
        if (xyz.pura.events.embeddings.EmbeddingModels.isEmbeddingModel(modelId)) {
            throw new InvalidRequestException("The model '" + modelId + "' is an embedding model: send it to "
                    + "POST /v1/embeddings, not to a chat endpoint.", "model", "model_not_found");
        }
        ProviderId provider = prefixes.providerOf(modelId);
        if (provider == null) {
            throw new InvalidRequestException("The model '" + modelId + "' does not exist or is not routable. "
                    + "Known model prefixes: " + describePrefixes() + ". Use \"auto\" or omit \"model\" to let Pura choose.",
                    "model", "model_not_found");
        }
        return new CatalogModel(modelId, provider, Tier.MID, Integer.MAX_VALUE, modelId, true, Integer.MAX_VALUE,
                java.util.EnumSet.allOf(Capability.class));
    }
}
