package xyz.pura.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.Client;
import com.google.genai.types.ContentEmbedding;
import com.google.genai.types.EmbedContentConfig;
import com.google.genai.types.EmbedContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simulator's embeddings answer in each provider's shape and refuse what each provider refuses. */
class EmbeddingsStrictnessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = new Simulator(SimulatorConfig.defaults().withLatency(Duration.ZERO, Duration.ZERO)).start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static HttpResponse<String> openai(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/embeddings"))
                .header("Authorization", "Bearer sk-test").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> gemini(String action, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1beta/models/" + action))
                .header("x-goog-api-key", "g-test").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double norm(JsonNode values) {
        double sum = 0;
        for (JsonNode v : values) {
            sum += v.asDouble() * v.asDouble();
        }
        return Math.sqrt(sum);
    }

    @ParameterizedTest
    @CsvSource({"text-embedding-3-small,1536", "text-embedding-3-large,3072", "text-embedding-ada-002,1536"})
    void shouldAnswerOpenAiVectorsOfTheModelsLengthWithUsage(String model, int dimensions) throws Exception {
        // given two texts
        String body = "{\"model\":\"" + model + "\",\"input\":[\"the cat\",\"a dog\"]}";

        // when embedded twice
        HttpResponse<String> first = openai(body);
        JsonNode answer = JSON.readTree(first.body());
        JsonNode again = JSON.readTree(openai(body).body());

        // then OpenAI's list shape: normalised vectors of the model's length, the same each time, and usage
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(answer.path("object").asText()).isEqualTo("list");
        assertThat(answer.path("model").asText()).isEqualTo(model);
        assertThat(answer.path("data")).hasSize(2);
        assertThat(answer.at("/data/1/object").asText()).isEqualTo("embedding");
        assertThat(answer.at("/data/1/index").asInt()).isEqualTo(1);
        assertThat(answer.at("/data/0/embedding")).hasSize(dimensions);
        assertThat(norm(answer.at("/data/0/embedding"))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(answer.at("/data/0/embedding")).isNotEqualTo(answer.at("/data/1/embedding"));
        assertThat(again.path("data")).isEqualTo(answer.path("data"));
        assertThat(answer.at("/usage/prompt_tokens").asInt()).isPositive();
        assertThat(answer.at("/usage/total_tokens").asInt()).isEqualTo(answer.at("/usage/prompt_tokens").asInt());
    }

    @Test
    void shouldShortenAndRenormaliseOnDimensionsAndEncodeBase64AsLittleEndianFloat32() throws Exception {
        // given a 3-small request for 256 dimensions, as floats and as base64
        JsonNode floats = JSON.readTree(openai("{\"model\":\"text-embedding-3-small\",\"input\":\"hi\",\"dimensions\":256}").body());
        JsonNode base64 = JSON.readTree(openai("{\"model\":\"text-embedding-3-small\",\"input\":\"hi\",\"dimensions\":256,"
                + "\"encoding_format\":\"base64\"}").body());

        // when the base64 string is decoded
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64.at("/data/0/embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);

        // then it holds the same float32 values
        JsonNode values = floats.at("/data/0/embedding");
        assertThat(values).hasSize(256);
        assertThat(norm(values)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(bytes.remaining()).isEqualTo(256 * 4);
        for (JsonNode v : values) {
            assertThat(bytes.getFloat()).isEqualTo(v.floatValue());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"text-embedding-ada-002\",\"input\":\"x\",\"dimensions\":256}|400|This model does not support specifying dimensions.",
            "{\"model\":\"text-embedding-3-small\",\"input\":\"x\",\"dimensions\":2000}|400|dimensions",
            "{\"model\":\"text-embedding-3-small\",\"input\":\"\"}|400|input",
            "{\"model\":\"text-embedding-3-small\",\"input\":[]}|400|input",
            "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",3]}|400|input",
            "{\"model\":\"text-embedding-3-small\"}|400|input",
            "{\"model\":\"text-embedding-3-small\",\"input\":\"x\",\"encoding_format\":\"hex\"}|400|encoding_format",
            "{\"model\":\"text-embedding-3-small\",\"input\":\"x\",\"n\":2}|400|Unrecognized request argument supplied: n",
            "{\"model\":\"gpt-4o\",\"input\":\"x\"}|404|model_not_found",
            "{\"model\":\"gemini-embedding-001\",\"input\":\"x\"}|404|model_not_found"})
    void shouldRefuseWhatOpenAiRefusesInItsErrorShape(String body, int status, String says) throws Exception {
        HttpResponse<String> r = openai(body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.has("param")).isTrue();
        assertThat(error.has("code")).isTrue();
        assertThat(error.toString()).contains(says);
    }

    @Test
    void shouldAnswerGeminiBatchesWithoutUsageAndUnnormalisedShortVectors() throws Exception {
        // given a batch of two for gemini-embedding-001 (3,072), one shortened to 768, and one for text-embedding-004
        String batch = "{\"requests\":[{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"a\"}]}},"
                + "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"a\"}]},\"outputDimensionality\":768,"
                + "\"taskType\":\"RETRIEVAL_DOCUMENT\"}]}";

        // when embedded
        HttpResponse<String> r = gemini("gemini-embedding-001:batchEmbedContents", batch);
        JsonNode answer = JSON.readTree(r.body());
        JsonNode old = JSON.readTree(gemini("text-embedding-004:embedContent",
                "{\"content\":{\"parts\":[{\"text\":\"a\"}]}}").body());

        // then Gemini's shape: values per request, the full one normalised, the short one its prefix, no usage
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(answer.path("embeddings")).hasSize(2);
        JsonNode full = answer.at("/embeddings/0/values");
        JsonNode shortened = answer.at("/embeddings/1/values");
        assertThat(full).hasSize(3072);
        assertThat(norm(full)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(shortened).hasSize(768);
        assertThat(shortened.get(5)).isEqualTo(full.get(5));
        assertThat(norm(shortened)).isLessThan(0.99);
        assertThat(answer.has("usageMetadata")).isFalse();
        assertThat(old.at("/embedding/values")).hasSize(768);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gemini-embedding-001:batchEmbedContents|{\"requests\":[{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"a\"}]},\"outputDimensionality\":64}]}|400|output_dimensionality",
            "gemini-embedding-001:batchEmbedContents|{\"requests\":[{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"a\"}]},\"outputDimensionality\":4000}]}|400|output_dimensionality",
            "gemini-embedding-001:batchEmbedContents|{\"requests\":[{\"model\":\"models/text-embedding-004\",\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}|400|batch's model",
            "gemini-embedding-001:batchEmbedContents|{\"requests\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}|400|model is required",
            "gemini-embedding-001:batchEmbedContents|{\"requests\":[]}|400|requests",
            "gemini-embedding-001:batchEmbedContents|{\"requests\":[{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[]}}]}|400|parts",
            "gemini-embedding-001:embedContent|{\"content\":{\"parts\":[{\"text\":\"a\"}]},\"taskType\":\"SUMMARY\"}|400|task_type",
            "gemini-2.0-flash:embedContent|{\"content\":{\"parts\":[{\"text\":\"a\"}]}}|404|not supported for embedContent",
            "gemini-embedding-001:generateContent|{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}]}|404|not supported for generateContent"})
    void shouldRefuseWhatGeminiRefuses(String action, String body, int status, String says) throws Exception {
        HttpResponse<String> r = gemini(action, body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertThat(error.path("code").asInt()).isEqualTo(status);
        assertThat(error.path("status").asText()).isIn("INVALID_ARGUMENT", "NOT_FOUND");
        assertThat(error.path("message").asText()).contains(says);
    }

    @Test
    void shouldRefuseABatchOfMoreThanAHundred() throws Exception {
        String one = "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"a\"}]}}";
        String body = "{\"requests\":[" + String.join(",", java.util.Collections.nCopies(101, one)) + "]}";

        HttpResponse<String> r = gemini("gemini-embedding-001:batchEmbedContents", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("at most 100");
    }

    @Test
    void shouldServeTheOfficialGenAiSdk() {
        // given Google's own SDK pointed at the simulator
        try (Client client = Client.builder().apiKey("gemini-test-key").vertexAI(false)
                .httpOptions(HttpOptions.builder().baseUrl(sim.baseUrl()).apiVersion("v1beta")
                        .retryOptions(HttpRetryOptions.builder().attempts(1).build()).build()).build()) {
            // when it embeds two texts at 768 dimensions
            EmbedContentResponse response = client.models.embedContent("gemini-embedding-001", List.of("one", "two"),
                    EmbedContentConfig.builder().outputDimensionality(768).build());

            // then it reads two vectors of that length
            List<ContentEmbedding> embeddings = response.embeddings().orElseThrow();
            assertThat(embeddings).hasSize(2);
            assertThat(embeddings.get(0).values().orElseThrow()).hasSize(768);
        }
    }
}
