package xyz.pura.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import xyz.pura.events.Json;

/**
 * JSON Schema (as OpenAI tools and json_schema carry it) to the OpenAPI subset Gemini's
 * {@code Schema} accepts. Gemini refuses unknown keys, so only the keys it knows are kept
 * ({@code additionalProperties}, {@code $schema}, {@code $id}, {@code strict}, {@code examples},
 * {@code allOf}, ... are dropped); local {@code $ref}s into {@code $defs}/{@code definitions} are
 * inlined (to a bounded depth); {@code oneOf} becomes {@code anyOf}; a type list with "null" becomes
 * {@code nullable}; {@code const} becomes a one-value {@code enum}; types are upper-cased as in
 * Gemini's enum; {@code format} is kept only where Gemini supports it.
 */
final class GeminiSchemas {
    private static final Set<String> KEPT = Set.of("title", "description", "nullable", "enum", "maxItems", "minItems",
            "required", "minProperties", "maxProperties", "minLength", "maxLength", "pattern", "example",
            "propertyOrdering", "default", "minimum", "maximum");
    private static final Set<String> FORMATS = Set.of("enum", "date-time", "int32", "int64", "float", "double");
    private static final int MAX_REF_DEPTH = 8;

    private GeminiSchemas() {
    }

    /** @return the cleaned schema, or null when {@code schema} is not an object */
    static ObjectNode clean(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return null;
        }
        return clean(schema, schema, 0);
    }

    /** Whether a parameters schema declares no properties at all (Gemini wants such a function without parameters). */
    static boolean isEmptyObject(ObjectNode cleaned) {
        return "OBJECT".equals(cleaned.path("type").asText()) && cleaned.path("properties").isEmpty()
                && !cleaned.has("anyOf");
    }

    private static ObjectNode clean(JsonNode schema, JsonNode root, int depth) {
        ObjectNode out = Json.mapper().createObjectNode();
        if (schema.path("$ref").isTextual() && depth < MAX_REF_DEPTH) {
            JsonNode target = resolve(schema.path("$ref").asText(), root);
            if (target != null) {
                ObjectNode resolved = clean(target, root, depth + 1);
                if (schema.path("description").isTextual()) {
                    resolved.put("description", schema.path("description").asText());
                }
                return resolved;
            }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = f.getKey();
            JsonNode value = f.getValue();
            switch (key) {
                case "type" -> type(value, out);
                case "format" -> {
                    if (value.isTextual() && FORMATS.contains(value.asText())) {
                        out.set("format", value);
                    }
                }
                case "const" -> out.putArray("enum").add(value.deepCopy());
                case "properties" -> {
                    ObjectNode props = out.putObject("properties");
                    value.fields().forEachRemaining(p -> props.set(p.getKey(), clean(p.getValue(), root, depth)));
                }
                case "items" -> {
                    if (value.isObject()) {
                        out.set("items", clean(value, root, depth));
                    }
                }
                case "anyOf", "oneOf" -> {
                    ArrayNode any = out.withArray("anyOf");
                    value.forEach(v -> {
                        if (v.isObject() && !"null".equals(v.path("type").asText())) {
                            any.add(clean(v, root, depth));
                        } else if ("null".equals(v.path("type").asText())) {
                            out.put("nullable", true);
                        }
                    });
                }
                default -> {
                    if (KEPT.contains(key)) {
                        out.set(key, value.deepCopy());
                    }
                }
            }
        }
        if (out.has("enum") && !out.has("type")) {
            out.put("type", "STRING");
        }
        return out;
    }

    private static void type(JsonNode value, ObjectNode out) {
        if (value.isTextual()) {
            out.put("type", value.asText().toUpperCase(java.util.Locale.ROOT));
            return;
        }
        if (value.isArray()) {
            for (JsonNode t : value) {
                if ("null".equals(t.asText())) {
                    out.put("nullable", true);
                } else if (!out.has("type")) {
                    out.put("type", t.asText().toUpperCase(java.util.Locale.ROOT));
                }
            }
        }
    }

    private static JsonNode resolve(String ref, JsonNode root) {
        if (!ref.startsWith("#/")) {
            return null;
        }
        JsonNode target = root.at(ref.substring(1));
        return target.isObject() ? target : null;
    }
}
