package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.BadRequestException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.Embedding;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.embeddings.EmbeddingValue;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xyz.pura.app.testing.TestBroker;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.app.testing.TopicReader;
import xyz.pura.events.Topics;
import xyz.pura.events.Usd;

/** POST /v1/embeddings through the official OpenAI Java SDK, for OpenAI and Gemini models, billed like chat. */
class EmbeddingsTest {
    private static TestGateway gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        // this class creates a key per scenario (budgets and reports per key): no per-address creation limit
        gateway = TestGateway.start(Map.of("PURA_KEYS_PER_MINUTE_PER_ADDRESS", "0"));
        client = sdk(gateway.createKey("embeddings-sdk"));
    }

    @AfterAll
    static void stop() {
        client.close();
        gateway.close();
    }

    private static OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl() + "/v1").apiKey(key).maxRetries(0).build();
    }

    private static String createKey(String label, String budget) {
        HttpResponse<String> r = gateway.post("/api/keys", null, "{\"label\":\"" + label + "\",\"dailyBudgetUsd\":\"" + budget + "\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        return TestGateway.json(r.body()).get("key").asText();
    }

    /** The answer's {@code pura} object, which the SDK keeps among the properties it does not know. */
    private static JsonNode pura(CreateEmbeddingResponse answer) {
        JsonValue pura = answer._additionalProperties().get("pura");
        assertThat(pura).as("the pura object").isNotNull();
        return pura.convert(JsonNode.class);
    }

    private static List<Float> floats(Embedding e) {
        EmbeddingValue v = e.embeddingValue();
        return v.isFloats() ? v.asFloats() : decode(v.asBase64());
    }

    private static List<Float> decode(String base64) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        List<Float> out = new ArrayList<>();
        while (bytes.remaining() >= 4) {
            out.add(bytes.getFloat());
        }
        return out;
    }

    @Test
    void shouldEmbedAStringWithAnOpenAiModelWithPuraHeadersAndUsage() {
        // given a string input for text-embedding-3-small
        EmbeddingCreateParams params = EmbeddingCreateParams.builder().model("text-embedding-3-small")
                .input("The quick brown fox").build();

        // when the SDK creates the embedding
        HttpResponseFor<CreateEmbeddingResponse> response = client.embeddings().withRawResponse().create(params);
        CreateEmbeddingResponse answer = response.parse();

        // then one vector of 1,536 dimensions, OpenAI's usage, and the gateway's headers and pura object
        assertThat(answer.data()).singleElement().satisfies(e -> {
            assertThat(e.index()).isZero();
            assertThat(floats(e)).hasSize(1536);
        });
        assertThat(answer.model()).isEqualTo("text-embedding-3-small");
        assertThat(answer.usage().promptTokens()).isPositive();
        assertThat(answer.usage().totalTokens()).isEqualTo(answer.usage().promptTokens());
        assertThat(response.headers().values("X-Pura-Provider")).containsExactly("openai");
        assertThat(response.headers().values("X-Pura-Model")).containsExactly("text-embedding-3-small");
        assertThat(response.headers().values("X-Pura-Request-Id")).singleElement().asString().startsWith("req_");
        assertThat(response.headers().values("X-Pura-Budget-Remaining")).hasSize(1);
        String cost = response.headers().values("X-Pura-Cost").get(0);
        // $0.02 per 1M tokens: 20 nano-USD per token, the provider's count
        assertThat(Usd.parse(cost).nanos()).isEqualTo(20L * answer.usage().promptTokens());
        JsonNode pura = pura(answer);
        assertThat(pura.get("costUsd").asText()).isEqualTo(cost);
        assertThat(pura.get("usageSource").asText()).isEqualTo("provider");
    }

    @Test
    void shouldEmbedAnArrayWithAGeminiModelInOpenAisShape() {
        // given three texts for gemini-embedding-001 at 768 dimensions
        EmbeddingCreateParams params = EmbeddingCreateParams.builder().model("gemini-embedding-001")
                .inputOfArrayOfStrings(List.of("one", "two", "three")).dimensions(768).build();

        // when embedded
        HttpResponseFor<CreateEmbeddingResponse> response = client.embeddings().withRawResponse().create(params);
        CreateEmbeddingResponse answer = response.parse();

        // then three vectors in order, of 768 dimensions, distinct; Gemini reports no usage: the gateway's count
        assertThat(answer.data()).hasSize(3);
        assertThat(answer.data()).extracting(Embedding::index).containsExactly(0L, 1L, 2L);
        assertThat(answer.data()).allSatisfy(e -> assertThat(floats(e)).hasSize(768));
        assertThat(floats(answer.data().get(0))).isNotEqualTo(floats(answer.data().get(1)));
        assertThat(response.headers().values("X-Pura-Provider")).containsExactly("gemini");
        JsonNode pura = pura(answer);
        assertThat(pura.get("usageSource").asText()).isEqualTo("estimate");
        assertThat(pura.get("inputTokens").asLong()).isEqualTo(answer.usage().promptTokens());
        // $0.15 per 1M tokens: 150 nano-USD per token
        assertThat(Usd.parse(response.headers().values("X-Pura-Cost").get(0)).nanos())
                .isEqualTo(150L * answer.usage().promptTokens());
    }

    @Test
    void shouldShortenOnDimensionsAndDefaultTheLargeModelsLength() {
        CreateEmbeddingResponse full = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-large").input("length").build());
        CreateEmbeddingResponse shortened = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-large").input("length").dimensions(256).build());
        CreateEmbeddingResponse old = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-004").input("length").build());

        assertThat(floats(full.data().get(0))).hasSize(3072);
        assertThat(floats(shortened.data().get(0))).hasSize(256);
        assertThat(floats(old.data().get(0))).hasSize(768);
    }

    @Test
    void shouldAnswerBase64AsTheLittleEndianFloat32OfTheFloatAnswer() {
        // given the same request as floats and as base64
        EmbeddingCreateParams.Builder params = EmbeddingCreateParams.builder().model("text-embedding-3-small")
                .inputOfArrayOfStrings(List.of("alpha", "beta")).dimensions(64);
        CreateEmbeddingResponse asFloats = client.embeddings().create(params
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());
        HttpResponse<String> raw = gateway.post("/v1/embeddings", gateway.createKey("b64"),
                "{\"model\":\"text-embedding-3-small\",\"input\":[\"alpha\",\"beta\"],\"dimensions\":64,\"encoding_format\":\"base64\"}");
        CreateEmbeddingResponse viaSdk = client.embeddings().create(params
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).build());

        // when the base64 strings are decoded
        JsonNode body = TestGateway.json(raw.body());

        // then they are exactly the float answer, in the SDK too
        assertThat(raw.statusCode()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            assertThat(body.at("/data/" + i + "/embedding").isTextual()).isTrue();
            assertThat(decode(body.at("/data/" + i + "/embedding").asText())).isEqualTo(floats(asFloats.data().get(i)));
            assertThat(floats(viaSdk.data().get(i))).isEqualTo(floats(asFloats.data().get(i)));
        }
    }

    @Test
    void shouldEmbedWithAutoAndTokenArraysOnOpenAi() {
        CreateEmbeddingResponse auto = client.embeddings().create(EmbeddingCreateParams.builder().model("auto").input("x").build());
        CreateEmbeddingResponse tokens = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small").inputOfArrayOfTokenArrays(List.of(List.of(1L, 2L, 3L), List.of(4L))).build());

        assertThat(auto.model()).isEqualTo("text-embedding-3-small");
        assertThat(tokens.data()).hasSize(2);
        assertThat(tokens.usage().promptTokens()).isEqualTo(4);
    }

    @Test
    void shouldRefuseBadInputThroughTheSdkAsA400NamingInput() {
        assertThatThrownBy(() -> client.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small").inputOfArrayOfStrings(List.of()).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.param()).contains("input");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"text-embedding-3-small\",\"input\":\"\"}|input",
            "{\"model\":\"text-embedding-3-small\",\"input\":[]}|input",
            "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",{\"b\":1}]}|input",
            "{\"model\":\"text-embedding-3-small\",\"input\":null}|input",
            "{\"model\":\"text-embedding-ada-002\",\"input\":\"a\",\"dimensions\":256}|dimensions",
            "{\"model\":\"gemini-embedding-001\",\"input\":\"a\",\"dimensions\":64}|dimensions",
            "{\"model\":\"text-embedding-3-small\",\"input\":\"a\",\"dimensions\":-1}|dimensions",
            "{\"model\":\"gemini-embedding-001\",\"input\":[[1,2]]}|input",
            "{\"model\":\"gpt-4o\",\"input\":\"a\"}|model",
            "{\"model\":\"text-embedding-3-small\",\"input\":\"a\",\"encoding_format\":\"int8\"}|encoding_format",
            "{\"input\":\"a\"}|model"})
    void shouldRefuseBadInputInTheOpenAiEnvelope(String body, String param) {
        HttpResponse<String> r = gateway.post("/v1/embeddings", gateway.createKey("bad"), body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = TestGateway.json(r.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").asText()).isEqualTo(param);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.has("code")).isTrue();
    }

    @Test
    void shouldRefuseMoreThan2048Inputs() {
        String body = "{\"model\":\"text-embedding-3-small\",\"input\":[" + "\"w\",".repeat(2048) + "\"w\"]}";

        HttpResponse<String> r = gateway.post("/v1/embeddings", gateway.createKey("many"), body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestGateway.json(r.body()).at("/error/param").asText()).isEqualTo("input");
    }

    @Test
    void shouldBillTheHeaderCostToTheLedgerAndTheReportsEmbeddingsLineToTheNanoDollar() {
        // given a fresh key and three embedding requests on two providers
        String key = createKey("embeddings-billing", "10");
        String[] bodies = {
                "{\"model\":\"text-embedding-3-small\",\"input\":\"billing one\"}",
                "{\"model\":\"gemini-embedding-001\",\"input\":[\"billing two\",\"billing three\"]}",
                "{\"model\":\"text-embedding-3-large\",\"input\":[\"" + "many words ".repeat(200) + "\"],\"dimensions\":512}"};
        Map<String, Long> costByRequest = new HashMap<>();
        long sum = 0;
        for (String body : bodies) {
            // when each is answered
            HttpResponse<String> r = gateway.post("/v1/embeddings", key, body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            long cost = Usd.parse(r.headers().firstValue("X-Pura-Cost").orElseThrow()).nanos();
            assertThat(cost).isPositive();
            assertThat(TestGateway.json(r.body()).at("/pura/costUsd").asText()).isEqualTo(Usd.ofNanos(cost).toString());
            costByRequest.put(r.headers().firstValue("X-Pura-Request-Id").orElseThrow(), cost);
            sum += cost;
        }

        // then each ledger debit is its header's cost, on the embeddings endpoint
        try (TopicReader ledger = new TopicReader(TestBroker.bootstrapServers(), Topics.LEDGER.name())) {
            List<JsonNode> debits = ledger.await(e -> costByRequest.containsKey(e.path("sourceId").asText()), 3);
            assertThat(debits).hasSize(3).allSatisfy(d -> {
                assertThat(d.get("amountNanoUsd").asLong()).isEqualTo(costByRequest.get(d.get("sourceId").asText()));
                assertThat(d.get("endpoint").asText()).isEqualTo("/v1/embeddings");
            });
        }
        // and the completions say where the usage came from, with no output
        try (TopicReader completions = new TopicReader(TestBroker.bootstrapServers(), Topics.COMPLETIONS.name())) {
            List<JsonNode> done = completions.await(e -> costByRequest.containsKey(e.path("requestId").asText()), 3);
            assertThat(done).allSatisfy(c -> {
                assertThat(c.get("outputTokens").asInt()).isZero();
                assertThat(c.get("status").asText()).isEqualTo("ok");
                assertThat(c.get("usageSource").asText())
                        .isEqualTo(c.get("provider").asText().equals("openai") ? "provider" : "estimate");
            });
        }
        // and the report's /v1/embeddings line is their sum
        JsonNode report = gateway.awaitReport(key, 3);
        assertThat(report.get("totalSpendUsd").asText()).isEqualTo(Usd.ofNanos(sum).toString());
        JsonNode line = null;
        for (JsonNode e : report.get("endpoints")) {
            if (e.get("endpoint").asText().equals("/v1/embeddings")) {
                line = e;
            }
        }
        assertThat(line).isNotNull();
        assertThat(line.get("costUsd").asText()).isEqualTo(Usd.ofNanos(sum).toString());
        assertThat(line.get("requests").asLong()).isEqualTo(3);
    }

    @Test
    void shouldRefuseAnExhaustedKeyExactlyAsChatDoes() {
        // given a key whose tiny budget one chat answer spends
        String key = createKey("embeddings-broke", "0.00001");
        HttpResponse<String> first = gateway.post("/v1/chat/completions", key,
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"spend my whole budget please\"}]}");
        assertThat(first.statusCode()).isEqualTo(200);

        // when it asks for a chat and for an embedding
        HttpResponse<String> chat = gateway.post("/v1/chat/completions", key,
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"again\"}]}");
        HttpResponse<String> embedding = gateway.post("/v1/embeddings", key, "{\"model\":\"text-embedding-3-small\",\"input\":\"again\"}");

        // then both get the same 402 budget_exhausted, envelope and header alike
        assertThat(chat.statusCode()).isEqualTo(402);
        assertThat(embedding.statusCode()).isEqualTo(402);
        assertThat(TestGateway.json(embedding.body())).isEqualTo(TestGateway.json(chat.body()));
        assertThat(TestGateway.json(embedding.body()).at("/error/code").asText()).isEqualTo("budget_exhausted");
        assertThat(embedding.headers().firstValue("X-Pura-Budget-Remaining")).contains("0");
    }

    @Test
    void shouldListTheEmbeddingModelsAndNeverChatWithThem() {
        String key = gateway.createKey("embeddings-models");
        JsonNode models = TestGateway.json(gateway.get("/v1/models", key).body());
        HttpResponse<String> chat = gateway.post("/v1/chat/completions", key,
                "{\"model\":\"gemini-embedding-001\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        List<String> embeddingModels = new ArrayList<>();
        models.get("data").forEach(m -> {
            if (m.path("endpoint").asText().equals("/v1/embeddings")) {
                embeddingModels.add(m.get("id").asText());
            }
        });
        assertThat(embeddingModels).contains("text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002",
                "gemini-embedding-001");
        assertThat(chat.statusCode()).isEqualTo(400);
        assertThat(TestGateway.json(chat.body()).at("/error/param").asText()).isEqualTo("model");
    }
}
