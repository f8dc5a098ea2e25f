package xyz.pura.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attributes of the metrics, built once per combination and kept. {@code gen_ai.request.model} is the caller's
 * choice of string (an explicit {@code "model"}), so only the first {@link #MAX_MODELS} distinct names are kept as
 * they are and later ones are recorded as {@value #OTHER}: each name would add series to the backend forever (the
 * same cap as the Prometheus meters' {@code model} label).
 */
final class MetricAttributes {
    static final int MAX_MODELS = 200;
    static final String OTHER = "other";

    private record Key(String kind, String a, String b, String c, String d) {
    }

    private final Set<String> models = ConcurrentHashMap.newKeySet();
    private final Map<Key, Attributes> cache = new ConcurrentHashMap<>();

    /** One upstream call's: operation, provider, model and, for a failed call, {@code error.type}. */
    Attributes call(String operation, String provider, String model, String error) {
        String m = model(model);
        return cache.computeIfAbsent(new Key("call", operation, provider, m, error), k -> {
            AttributesBuilder b = base(operation, provider, m);
            if (error != null) {
                b.put(GenAi.ERROR_TYPE, error);
            }
            return b.build();
        });
    }

    /** One answer's token count of one type ({@code input}, {@code output}). */
    Attributes tokens(String operation, String provider, String model, String tokenType) {
        String m = model(model);
        return cache.computeIfAbsent(new Key("tokens", operation, provider, m, tokenType),
                k -> base(operation, provider, m).put(GenAi.TOKEN_TYPE, tokenType).build());
    }

    /** A request's cost: the provider and model that answered, its tier and front door. */
    Attributes cost(String provider, String model, String tier, String endpoint) {
        String m = model(model);
        return cache.computeIfAbsent(new Key("cost", provider, m, tier, endpoint), k -> {
            AttributesBuilder b = Attributes.builder();
            putIfSet(b, GenAi.PROVIDER_NAME, provider);
            putIfSet(b, GenAi.REQUEST_MODEL, m);
            putIfSet(b, GenAi.PURA_TIER, tier);
            putIfSet(b, GenAi.PURA_ENDPOINT, endpoint);
            return b.build();
        });
    }

    private static AttributesBuilder base(String operation, String provider, String model) {
        AttributesBuilder b = Attributes.builder().put(GenAi.OPERATION_NAME, operation);
        putIfSet(b, GenAi.PROVIDER_NAME, provider);
        putIfSet(b, GenAi.REQUEST_MODEL, model);
        return b;
    }

    private static void putIfSet(AttributesBuilder b, io.opentelemetry.api.common.AttributeKey<String> key, String v) {
        if (v != null) {
            b.put(key, v);
        }
    }

    /** The model's own name while fewer than {@link #MAX_MODELS} names are in use, else {@value #OTHER}. */
    String model(String model) {
        if (model == null || models.contains(model)) {
            return model;
        }
        synchronized (models) {
            if (models.size() < MAX_MODELS) {
                models.add(model);
                return model;
            }
        }
        return OTHER;
    }
}
