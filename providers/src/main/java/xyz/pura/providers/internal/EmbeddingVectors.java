package xyz.pura.providers.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;

/**
 * Embedding vectors on the wire: OpenAI's base64 form (the vector's float32 values, little-endian, base64-encoded)
 * and JSON number arrays, read with the streaming parser (a tree of 2,048 vectors of 3,072 numbers would be a few
 * hundred megabytes of nodes).
 */
public final class EmbeddingVectors {
    private EmbeddingVectors() {
    }

    /** OpenAI's {@code encoding_format: "base64"}: the float32 values, little-endian, base64-encoded. */
    public static String toBase64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /** The vector of a base64 string of little-endian float32 values. */
    public static float[] fromBase64(String base64) {
        byte[] raw = Base64.getDecoder().decode(base64);
        if (raw.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("a base64 vector of " + raw.length + " bytes is not float32 values");
        }
        float[] vector = new float[raw.length / Float.BYTES];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    /**
     * The numbers of the array the parser is on ({@link JsonToken#START_ARRAY}), as float32 (what the providers
     * compute); leaves the parser on its {@link JsonToken#END_ARRAY}.
     *
     * @throws IllegalArgumentException when an item is not a number
     */
    public static float[] readFloats(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("a vector must be an array of numbers");
        }
        float[] out = new float[256];
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                throw new IllegalArgumentException("a vector must be an array of numbers, not " + t);
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = p.getFloatValue();
        }
        return Arrays.copyOf(out, n);
    }
}
