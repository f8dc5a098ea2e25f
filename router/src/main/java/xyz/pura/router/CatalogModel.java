package xyz.pura.router;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import xyz.pura.events.ProviderId;
import xyz.pura.events.Tier;

/**
 * One model of the catalog.
 *
 * @param id the model id sent upstream and shown in {@code X-Pura-Model}
 * @param contextWindow input plus output tokens the model accepts
 * @param priceKey the rate card's key for this model (today the model id itself)
 * @param vision whether the model accepts image content parts
 * @param maxOutputTokens the most output tokens the model produces in one answer (the provider's documented limit;
 *     the context window when the catalog does not say)
 * @param takes what the model serves beyond text and tools, through the gateway's translation ({@link Capability});
 *     {@code vision} adds {@link Capability#IMAGES}
 */
public record CatalogModel(String id, ProviderId provider, Tier tier, int contextWindow, String priceKey, boolean vision,
                           int maxOutputTokens, Set<Capability> takes) {
    /** A model whose output maximum is its context window. */
    public CatalogModel(String id, ProviderId provider, Tier tier, int contextWindow, String priceKey, boolean vision) {
        this(id, provider, tier, contextWindow, priceKey, vision, contextWindow);
    }

    /** A model that takes images if {@code vision}, and nothing else beyond text and tools. */
    public CatalogModel(String id, ProviderId provider, Tier tier, int contextWindow, String priceKey, boolean vision,
                        int maxOutputTokens) {
        this(id, provider, tier, contextWindow, priceKey, vision, maxOutputTokens, Set.of());
    }

    public CatalogModel {
        EnumSet<Capability> all = EnumSet.noneOf(Capability.class);
        all.addAll(takes);
        if (vision) {
            all.add(Capability.IMAGES);
        }
        takes = Collections.unmodifiableSet(all);
        if (id == null || id.isBlank() || provider == null || tier == null || priceKey == null) {
            throw new IllegalArgumentException("catalog model needs id, provider, tier and priceKey");
        }
        if (contextWindow <= 0) {
            throw new IllegalArgumentException("contextWindow of " + id + " must be positive");
        }
        if (maxOutputTokens <= 0 || maxOutputTokens > contextWindow) {
            throw new IllegalArgumentException("maxOutputTokens of " + id + " must be between 1 and its context window");
        }
    }

    /** Whether the model serves everything in {@code needs}. */
    public boolean takesAll(Set<Capability> needs) {
        return takes.containsAll(needs);
    }

    /** Whether a request of this many input tokens plus requested output fits the context window. */
    public boolean fits(long inputTokens, long maxOutputTokens) {
        return inputTokens + maxOutputTokens <= contextWindow;
    }
}
