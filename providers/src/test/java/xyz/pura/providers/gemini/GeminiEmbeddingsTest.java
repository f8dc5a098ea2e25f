package xyz.pura.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xyz.pura.providers.fixtures.Fixtures.body;
import static xyz.pura.providers.fixtures.Fixtures.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;
import xyz.pura.events.chat.InvalidRequestException;
import xyz.pura.events.embeddings.EmbeddingRequestParser;
import xyz.pura.providers.EmbeddingCall;
import xyz.pura.providers.EmbeddingResult;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.UpstreamException;

/** OpenAI embedding requests to Gemini's batchEmbedContents and its answers back. */
class GeminiEmbeddingsTest {
    private MockWebServer server;
    private GeminiProvider provider;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        provider = new GeminiProvider(config(ProviderId.GEMINI, server, "gateway-key"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static EmbeddingCall call(String openAiJson, Integer dimensions, String byok) {
        return new EmbeddingCall(EmbeddingRequestParser.parse(openAiJson.getBytes(StandardCharsets.UTF_8)),
                "gemini-embedding-001", dimensions, byok, "req-test-1");
    }

    private static MockResponse vectors(int count, int offset) {
        StringBuilder json = new StringBuilder("{\"embeddings\":[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("{\"values\":[").append(offset + i).append(".5,-0.25,1e-3]}");
        }
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(json.append("]}").toString()).build();
    }

    @Test
    void shouldSendEachInputAsAnEmbedContentRequestAndReadTheValuesBack() throws Exception {
        // given two texts at 768 dimensions
        server.enqueue(vectors(2, 0));

        // when embedded
        EmbeddingResult result = provider.embed(call("{\"model\":\"gemini-embedding-001\",\"input\":[\"one\",\"two\"],"
                + "\"dimensions\":768}", 768, null));

        // then one request per input on the model's batch path, with the gateway's key
        RecordedRequest sent = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(sent.getTarget()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertThat(sent.getHeaders().get("x-goog-api-key")).isEqualTo("gateway-key");
        ObjectNode body = body(sent);
        assertThat(body.path("requests")).hasSize(2);
        assertThat(body.at("/requests/1/model").asText()).isEqualTo("models/gemini-embedding-001");
        assertThat(body.at("/requests/1/content/parts/0/text").asText()).isEqualTo("two");
        assertThat(body.at("/requests/0/outputDimensionality").asInt()).isEqualTo(768);
        assertThat(body.at("/requests/0").has("taskType")).isFalse();
        // and the values as float32 vectors, in order, with no usage (Gemini reports none)
        assertThat(result.vectors()).hasSize(2);
        assertThat(result.vectors().get(1)).containsExactly(1.5f, -0.25f, 0.001f);
        assertThat(result.promptTokens()).isNull();
    }

    @Test
    void shouldSplitMoreThanAHundredInputsIntoConsecutiveCallsKeepingTheOrder() throws Exception {
        // given 250 texts, without dimensions
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            texts.add("\"t" + i + "\"");
        }
        server.enqueue(vectors(100, 0));
        server.enqueue(vectors(100, 100));
        server.enqueue(vectors(50, 200));

        // when embedded
        EmbeddingResult result = provider.embed(call("{\"model\":\"gemini-embedding-001\",\"input\":[" + String.join(",", texts)
                + "]}", null, "caller-key"));

        // then three calls of 100, 100 and 50, each with the caller's key, and 250 vectors in the inputs' order
        List<ObjectNode> bodies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RecordedRequest sent = server.takeRequest(1, TimeUnit.SECONDS);
            assertThat(sent.getHeaders().get("x-goog-api-key")).isEqualTo("caller-key");
            bodies.add(body(sent));
        }
        assertThat(bodies).extracting(b -> b.path("requests").size()).containsExactly(100, 100, 50);
        assertThat(bodies.get(2).at("/requests/0/content/parts/0/text").asText()).isEqualTo("t200");
        assertThat(bodies.get(0).at("/requests/0").has("outputDimensionality")).isFalse();
        assertThat(result.vectors()).hasSize(250);
        assertThat(result.vectors().get(249)[0]).isEqualTo(249.5f);
    }

    @Test
    void shouldRefuseTokenArraysWithoutCallingGemini() {
        assertThatThrownBy(() -> provider.embed(call("{\"model\":\"gemini-embedding-001\",\"input\":[[1,2,3]]}", null, null)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.param()).isEqualTo("input"));
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void shouldClassifyGeminisRefusalsAndShortAnswers() {
        // given a quota 429 with its RetryInfo, then an answer with one vector for two inputs
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json").body(
                "{\"error\":{\"code\":429,\"message\":\"quota\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                        + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"2s\"}]}}").build());
        server.enqueue(vectors(1, 0));
        EmbeddingCall two = call("{\"model\":\"gemini-embedding-001\",\"input\":[\"a\",\"b\"]}", null, null);

        // when embedded twice, then a rate limit with Gemini's wait, and a protocol failure
        assertThatThrownBy(() -> provider.embed(two)).isInstanceOfSatisfying(UpstreamException.class, e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(e.retryAfter()).hasSeconds(2);
        });
        assertThatThrownBy(() -> provider.embed(two)).isInstanceOfSatisfying(UpstreamException.class,
                e -> assertThat(e.kind()).isEqualTo(FailureKind.PROTOCOL));
    }
}
