package xyz.pura.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Validates event JSON against the schema shipped for its topic ({@code schemas/<topic>.json}). */
public final class EventSchemas {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** @return the violations, empty when the value is valid */
    public static List<String> validate(Topic<?> topic, JsonNode value) {
        return schemaOf(topic).validate(value).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonSchema schemaOf(Topic<?> topic) {
        return CACHE.computeIfAbsent(topic.name(), name -> {
            try (InputStream in = EventSchemas.class.getResourceAsStream(topic.schemaResource())) {
                if (in == null) {
                    throw new IllegalStateException("no schema for " + name);
                }
                SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
                return FACTORY.getSchema(Json.mapper().readTree(in), config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
