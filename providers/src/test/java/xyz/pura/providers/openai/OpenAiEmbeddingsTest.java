package xyz.pura.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xyz.pura.providers.fixtures.Fixtures.body;
import static xyz.pura.providers.fixtures.Fixtures.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;
import xyz.pura.events.embeddings.EmbeddingRequestParser;
import xyz.pura.providers.EmbeddingCall;
import xyz.pura.providers.EmbeddingResult;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.internal.EmbeddingVectors;

/** OpenAI's embeddings pass through, base64 asked for and decoded. */
class OpenAiEmbeddingsTest {
    private MockWebServer server;
    private OpenAiProvider provider;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        provider = new OpenAiProvider(config(ProviderId.OPENAI, server, "sk-gateway"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static EmbeddingCall call(String json, Integer dimensions) {
        return new EmbeddingCall(EmbeddingRequestParser.parse(json.getBytes(StandardCharsets.UTF_8)), "text-embedding-3-small",
                dimensions, null, "req-test-1");
    }

    private static MockResponse answer(String data) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(
                "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"text-embedding-3-small\","
                        + "\"usage\":{\"prompt_tokens\":7,\"total_tokens\":7}}").build();
    }

    @Test
    void shouldPassTheInputsThroughAskingForBase64AndDecodeIt() throws Exception {
        // given OpenAI's answer in base64, out of index order
        float[] first = {0.5f, -1.25f, 3.0e-7f};
        float[] second = {1f, 0f, -0f};
        server.enqueue(answer("{\"object\":\"embedding\",\"index\":1,\"embedding\":\"" + EmbeddingVectors.toBase64(second)
                + "\"},{\"object\":\"embedding\",\"index\":0,\"embedding\":\"" + EmbeddingVectors.toBase64(first) + "\"}"));

        // when two inputs, one of them tokens, are embedded at 3 dimensions for a user
        EmbeddingResult result = provider.embed(call("{\"model\":\"auto\",\"input\":[[5,6],[7]],\"user\":\"u-1\"}", 3));

        // then the body is OpenAI's with the chosen model, base64 asked for; the vectors in index order; its usage
        RecordedRequest sent = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(sent.getTarget()).isEqualTo("/embeddings");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-gateway");
        ObjectNode body = body(sent);
        assertThat(body.path("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(body.path("input").toString()).isEqualTo("[[5,6],[7]]");
        assertThat(body.path("encoding_format").asText()).isEqualTo("base64");
        assertThat(body.path("dimensions").asInt()).isEqualTo(3);
        assertThat(body.path("user").asText()).isEqualTo("u-1");
        assertThat(result.vectors().get(0)).containsExactly(first);
        assertThat(result.vectors().get(1)).containsExactly(second);
        assertThat(result.promptTokens()).isEqualTo(7);
    }

    @Test
    void shouldReadFloatArraysTooAndRefuseAMissingVector() {
        server.enqueue(answer("{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.25,-0.5]}"));
        server.enqueue(answer("{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.25]}"));

        EmbeddingResult floats;
        try {
            floats = provider.embed(call("{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}", null));
        } catch (UpstreamException e) {
            throw new AssertionError(e);
        }
        assertThat(floats.vectors().get(0)).containsExactly(0.25f, -0.5f);
        assertThatThrownBy(() -> provider.embed(call("{\"model\":\"text-embedding-3-small\",\"input\":[\"x\",\"y\"]}", null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.PROTOCOL));
    }
}
