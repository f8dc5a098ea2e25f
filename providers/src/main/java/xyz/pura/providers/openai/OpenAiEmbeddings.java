package xyz.pura.providers.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import xyz.pura.events.Json;
import xyz.pura.events.embeddings.EmbeddingInput;
import xyz.pura.providers.EmbeddingCall;
import xyz.pura.providers.EmbeddingResult;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.internal.EmbeddingVectors;
import xyz.pura.providers.internal.HttpFailures;
import xyz.pura.providers.internal.UpstreamEndpoint;
import xyz.pura.providers.internal.UpstreamHttp;

/**
 * OpenAI's embeddings: {@code POST {OPENAI_BASE_URL}/embeddings}. The request passes through as the caller sent it
 * (its inputs, {@code dimensions}, {@code user}), with the chosen model, and always asks for
 * {@code encoding_format: "base64"}: the exact float32 values in a third of the bytes of their decimal form (what
 * OpenAI's own SDKs ask for); the gateway renders them as the caller asked. Usage is OpenAI's {@code prompt_tokens}.
 */
final class OpenAiEmbeddings {
    private final String provider;
    private final UpstreamEndpoint endpoint;
    private final HttpUrl url;
    private final UpstreamHttp http;

    OpenAiEmbeddings(String provider, UpstreamEndpoint endpoint, UpstreamHttp http) {
        this.provider = provider;
        this.endpoint = endpoint;
        this.url = endpoint.url("/embeddings");
        this.http = http;
    }

    EmbeddingResult embed(EmbeddingCall call) throws UpstreamException {
        int expected = call.request().inputs().size();
        return http.call(endpoint.post(url, call.byokKey(), body(call)), provider, response -> {
            if (!response.isSuccessful()) {
                throw HttpFailures.fromResponse(provider, response);
            }
            try (InputStream in = response.body().byteStream()) {
                return read(in, expected, response.code());
            }
        });
    }

    static ObjectNode body(EmbeddingCall call) {
        ObjectNode body = Json.mapper().createObjectNode().put("model", call.model());
        ArrayNode input = body.putArray("input");
        for (EmbeddingInput i : call.request().inputs()) {
            if (i.isText()) {
                input.add(i.text());
            } else {
                ArrayNode tokens = input.addArray();
                for (int t : i.tokens()) {
                    tokens.add(t);
                }
            }
        }
        body.put("encoding_format", "base64");
        if (call.dimensions() != null) {
            body.put("dimensions", call.dimensions());
        }
        if (call.request().user() != null) {
            body.put("user", call.request().user());
        }
        return body;
    }

    /**
     * Reads {@code {"data":[{"index","embedding"}...],"usage":{"prompt_tokens"}}} with the streaming parser; an
     * embedding may be base64 or a number array (an OpenAI-compatible upstream that ignores the format).
     */
    static EmbeddingResult read(InputStream in, int expected, int status) throws IOException, UpstreamException {
        TreeMap<Integer, float[]> byIndex = new TreeMap<>();
        Integer promptTokens = null;
        try (JsonParser p = Json.mapper().getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw protocol(status, "an answer that is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("data") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        readItem(p, byIndex, status);
                    }
                } else if (field.equals("usage") && value == JsonToken.START_OBJECT) {
                    ObjectNode usage = p.readValueAsTree();
                    if (usage.path("prompt_tokens").canConvertToInt() && usage.path("prompt_tokens").intValue() >= 0) {
                        promptTokens = usage.path("prompt_tokens").intValue();
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw protocol(status, "an unreadable embedding (" + e.getMessage() + ")");
        }
        if (byIndex.size() != expected || (!byIndex.isEmpty() && (byIndex.firstKey() != 0 || byIndex.lastKey() != expected - 1))) {
            throw protocol(status, byIndex.size() + " embeddings for " + expected + " inputs");
        }
        return new EmbeddingResult(new ArrayList<>(byIndex.values()), promptTokens);
    }

    private static void readItem(JsonParser p, TreeMap<Integer, float[]> byIndex, int status) throws IOException, UpstreamException {
        Integer index = null;
        float[] vector = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("index") && value == JsonToken.VALUE_NUMBER_INT) {
                index = p.getIntValue();
            } else if (field.equals("embedding") && value == JsonToken.VALUE_STRING) {
                vector = EmbeddingVectors.fromBase64(p.getText());
            } else if (field.equals("embedding") && value == JsonToken.START_ARRAY) {
                vector = EmbeddingVectors.readFloats(p);
            } else {
                p.skipChildren();
            }
        }
        if (index == null || vector == null || byIndex.put(index, vector) != null) {
            throw protocol(status, "an embedding without its index or vector, or one index twice");
        }
    }

    private static UpstreamException protocol(int status, String what) {
        return new UpstreamException(FailureKind.PROTOCOL, status, "openai sent " + what, null);
    }
}
