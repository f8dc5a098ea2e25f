package xyz.pura.router.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import xyz.pura.events.Json;
import xyz.pura.events.ProviderId;
import xyz.pura.events.Tier;
import xyz.pura.router.CatalogModel;

/** Reads and validates {@code catalog.json}. */
public final class CatalogLoader {
    private CatalogLoader() {
    }

    /** A validated catalog, ready for {@link xyz.pura.router.ModelCatalog}. */
    public record Data(List<CatalogModel> models, Map<String, CatalogModel> byId,
                       Map<Tier, List<ProviderId>> tierOrder,
                       Map<Tier, Map<ProviderId, CatalogModel>> defaults, PrefixMap prefixes) {
    }

    public static Data read(InputStream in) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("catalog is not valid JSON: " + e.getMessage(), e);
        }
        List<CatalogModel> models = new ArrayList<>();
        Map<Tier, Map<ProviderId, CatalogModel>> defaults = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            defaults.put(t, new EnumMap<>(ProviderId.class));
        }
        Map<String, CatalogModel> byId = new LinkedHashMap<>();
        JsonNode providers = required(root, "providers");
        for (ProviderId p : ProviderId.values()) {
            JsonNode node = required(providers, p.wireName());
            for (JsonNode m : required(node, "models")) {
                int window = required(m, "contextWindow").asInt();
                CatalogModel model = new CatalogModel(text(m, "id"), p, tier(text(m, "tier")),
                        window, text(m, "priceKey"), m.path("vision").asBoolean(false),
                        m.path("maxOutputTokens").asInt(window), takes(m));
                if (byId.put(model.id(), model) != null) {
                    throw new IllegalArgumentException("model listed twice: " + model.id());
                }
                models.add(model);
            }
            required(node, "defaults").properties().forEach(e -> {
                CatalogModel m = byId.get(e.getValue().asText());
                if (m == null || m.provider() != p) {
                    throw new IllegalArgumentException("default " + e.getValue() + " of " + p.wireName() + " is not one of its models");
                }
                defaults.get(tier(e.getKey())).put(p, m);
            });
        }
        Map<Tier, List<ProviderId>> order = new EnumMap<>(Tier.class);
        JsonNode tiers = required(root, "tiers");
        for (Tier t : Tier.values()) {
            List<ProviderId> list = new ArrayList<>();
            for (JsonNode p : required(tiers, t.wireName())) {
                ProviderId id = provider(p.asText());
                if (defaults.get(t).get(id) == null) {
                    throw new IllegalArgumentException(id.wireName() + " is in tier " + t.wireName() + " but has no default model there");
                }
                list.add(id);
            }
            order.put(t, List.copyOf(list));
        }
        Map<ProviderId, List<String>> prefixes = new LinkedHashMap<>();
        required(root, "prefixes").properties().forEach(e -> {
            List<String> list = new ArrayList<>();
            e.getValue().forEach(v -> list.add(v.asText()));
            prefixes.put(provider(e.getKey()), list);
        });
        Map<Tier, Map<ProviderId, CatalogModel>> frozen = new EnumMap<>(Tier.class);
        defaults.forEach((t, m) -> frozen.put(t, java.util.Collections.unmodifiableMap(new EnumMap<>(m))));
        return new Data(List.copyOf(models), java.util.Collections.unmodifiableMap(byId),
                java.util.Collections.unmodifiableMap(order), java.util.Collections.unmodifiableMap(frozen),
                new PrefixMap(prefixes));
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("catalog: missing '" + field + "'");
        }
        return v;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }

    private static Tier tier(String name) {
        for (Tier t : Tier.values()) {
            if (t.wireName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("catalog: unknown tier '" + name + "'");
    }

    private static ProviderId provider(String name) {
        return ProviderId.fromWire(name).orElseThrow(() -> new IllegalArgumentException("catalog: unknown provider '" + name + "'"));
    }

    /** The model's {@code takes} list (capability names), empty when absent. */
    private static java.util.Set<xyz.pura.router.Capability> takes(JsonNode m) {
        java.util.Set<xyz.pura.router.Capability> out = java.util.EnumSet.noneOf(xyz.pura.router.Capability.class);
        for (JsonNode name : m.path("takes")) {
            out.add(xyz.pura.router.Capability.ofWire(name.asText()));
        }
        return out;
    }
}
