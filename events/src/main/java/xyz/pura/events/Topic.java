package xyz.pura.events;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One Kafka topic: its name, how it is kept, and the serdes of its key (always a string) and value.
 * The schema file for analytics consumers is {@code schemas/<name>.json} on the classpath.
 */
public record Topic<V>(String name, Kind kind, JsonSerde<V> valueSerde) {

    public enum Kind {
        /** Append-only history, kept by time (infinite for the ledger). */
        APPEND,
        /** Compacted: the latest value per key is the state. */
        COMPACTED,
        /** Append-only and never deleted. */
        INFINITE
    }

    public static <V> Topic<V> of(String name, Kind kind, Class<V> valueType) {
        return new Topic<>(name, kind, new JsonSerde<>(valueType));
    }

    public Serde<String> keySerde() {
        return Serdes.String();
    }

    public String schemaResource() {
        return "/schemas/" + name + ".json";
    }
}
