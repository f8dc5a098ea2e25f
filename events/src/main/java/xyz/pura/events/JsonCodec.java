package xyz.pura.events;

import java.io.IOException;

/**
 * A hand-written JSON writer and reader of one value type, for the types whose databind cost shows in a profile
 * (databind reaches record components through reflection). Its bytes and values are databind's with {@link Json#mapper()},
 * exactly: {@link JsonSerde} uses it in databind's place, and it hands databind whatever it is not sure of.
 */
interface JsonCodec<T> {
    /** The bytes {@code Json.mapper().writerFor(type).writeValueAsBytes(value)} writes. */
    byte[] write(T value) throws IOException;

    /** What {@code Json.mapper().readerFor(type).readValue(data)} returns or throws. */
    T read(byte[] data) throws IOException;

    /** The codec of {@code type}, or null when databind is all there is for it. */
    @SuppressWarnings("unchecked")
    static <T> JsonCodec<T> forType(Class<T> type) {
        if (type == RequestCompleted.class) {
            return (JsonCodec<T>) RequestCompletedCodec.INSTANCE;
        }
        return null;
    }
}
