package xyz.pura.simulator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulator's embedding models and their vectors: deterministic (the same model and input always give the same
 * vector, seeded by a hash of both), of the model's default length, each component drawn from a normal distribution
 * and the vector normalised to length 1. A shorter vector ({@code dimensions}, {@code outputDimensionality}) is the
 * first components of the full one, as both providers' Matryoshka models give; OpenAI normalises it again, Gemini
 * sends it as it is (Gemini normalises only its full-length 3,072-dimension vectors).
 */
final class SimEmbeddings {
    /**
     * One model's vector shape.
     *
     * @param minDimensions the smallest length it can be asked for; 0 when it takes no length at all
     */
    record Model(String provider, int defaultDimensions, int minDimensions) {
    }

    static final Map<String, Model> MODELS = Map.of(
            "text-embedding-3-small", new Model("openai", 1536, 1),
            "text-embedding-3-large", new Model("openai", 3072, 1),
            "text-embedding-ada-002", new Model("openai", 1536, 0),
            "gemini-embedding-001", new Model("gemini", 3072, 128),
            "text-embedding-004", new Model("gemini", 768, 1));

    private SimEmbeddings() {
    }

    /** The vector of a text. */
    static float[] vector(String model, String text, int dimensions, boolean renormalise) {
        return vector(model, Arrays.hashCode(text.getBytes(StandardCharsets.UTF_8)), dimensions, renormalise);
    }

    /** The vector of a token array (its own seed: the ids, not a text). */
    static float[] vector(String model, int[] tokens, int dimensions, boolean renormalise) {
        return vector(model, 31 * Arrays.hashCode(tokens) + 7, dimensions, renormalise);
    }

    private static float[] vector(String model, int inputHash, int dimensions, boolean renormalise) {
        int full = MODELS.get(model).defaultDimensions();
        SplittableRandom random = new SplittableRandom(((long) model.hashCode() << 32) ^ (inputHash & 0xffffffffL));
        double[] v = new double[full];
        for (int i = 0; i < full; i++) {
            v[i] = gaussian(random);
        }
        normalise(v, full);
        if (renormalise && dimensions < full) {
            normalise(v, dimensions);
        }
        float[] out = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble(); // (0, 1]
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static void normalise(double[] v, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += v[i] * v[i];
        }
        double norm = Math.sqrt(sum);
        for (int i = 0; i < n; i++) {
            v[i] /= norm;
        }
    }

    /** OpenAI's base64 form: float32 little-endian, base64. */
    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /** The simulator's token count of a text: characters / 4, at least 1. */
    static int tokens(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }
}
