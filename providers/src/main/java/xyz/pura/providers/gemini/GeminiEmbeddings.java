package xyz.pura.providers.gemini;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import xyz.pura.events.Json;
import xyz.pura.events.chat.InvalidRequestException;
import xyz.pura.events.embeddings.EmbeddingInput;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.internal.EmbeddingVectors;

/**
 * OpenAI embeddings to Gemini's {@code models/{model}:batchEmbedContents} and back. Each input is one
 * {@code EmbedContentRequest} ({@code model: "models/{model}"}, {@code content.parts[0].text}, and
 * {@code outputDimensionality} when the caller set {@code dimensions}); Gemini takes at most {@value #MAX_PER_CALL}
 * of them per call, so a longer request is sent in consecutive calls. The answer's {@code embeddings[i].values} is
 * the i-th vector, as Gemini computed it (Gemini normalises only its full-length vectors: a shorter one is sent on
 * as it is). Gemini reports no token usage for embeddings; the gateway prices its own count. Token-array inputs are
 * OpenAI's tokenizer's and are refused.
 */
final class GeminiEmbeddings {
    /** Gemini's limit on the requests of one batchEmbedContents call. */
    static final int MAX_PER_CALL = 100;

    private GeminiEmbeddings() {
    }

    /** The batchEmbedContents body of these inputs. */
    static ObjectNode body(List<EmbeddingInput> inputs, String model, Integer dimensions) {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode requests = body.putArray("requests");
        for (EmbeddingInput input : inputs) {
            if (!input.isText()) {
                throw new InvalidRequestException("The model '" + model + "' takes text inputs only: token arrays are "
                        + "OpenAI's tokenizer's.", "input", "unsupported_value");
            }
            ObjectNode request = requests.addObject().put("model", "models/" + model);
            request.putObject("content").putArray("parts").addObject().put("text", input.text());
            if (dimensions != null) {
                request.put("outputDimensionality", dimensions);
            }
        }
        return body;
    }

    /** The vectors of a BatchEmbedContentsResponse, {@code {"embeddings":[{"values":[...]}, ...]}}, read as a stream. */
    static List<float[]> read(InputStream in, int expected, int status) throws IOException, UpstreamException {
        List<float[]> vectors = new ArrayList<>(expected);
        try (JsonParser p = Json.mapper().getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw protocol(status, "an answer that is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("embeddings") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        vectors.add(values(p, status));
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw protocol(status, "an unreadable embedding (" + e.getMessage() + ")");
        }
        if (vectors.size() != expected) {
            throw protocol(status, vectors.size() + " embeddings for " + expected + " inputs");
        }
        return vectors;
    }

    private static float[] values(JsonParser p, int status) throws IOException, UpstreamException {
        float[] vector = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("values") && value == JsonToken.START_ARRAY) {
                vector = EmbeddingVectors.readFloats(p);
            } else {
                p.skipChildren();
            }
        }
        if (vector == null) {
            throw protocol(status, "an embedding without values");
        }
        return vector;
    }

    private static UpstreamException protocol(int status, String what) {
        return new UpstreamException(FailureKind.PROTOCOL, status, "gemini sent " + what, null);
    }
}
