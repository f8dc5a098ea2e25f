package xyz.pura.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Gemini format refuses what Gemini refuses, in Google's error shape, and answers what Gemini answers with faults. */
class GeminiStrictnessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOOLS = """
            "tools":[{"functionDeclarations":[{"name":"get_weather","parameters":{"type":"OBJECT",
              "properties":{"city":{"type":"STRING"}}}}]}]""";
    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = new Simulator(SimulatorConfig.defaults().withLatency(Duration.ZERO, Duration.ZERO)).start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private record Answer(int status, JsonNode body) {
    }

    private static Answer post(String model, String body, String fault) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1beta/models/" + model + ":generateContent"))
                .header("x-goog-api-key", "k").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (fault != null) {
            b.header("X-Sim-Fault", fault);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JSON.readTree(r.body()));
    }

    private static void assertRefused(Answer a, String messagePart) {
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().at("/error/code").asInt()).isEqualTo(400);
        assertThat(a.body().at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(a.body().at("/error/message").asText()).contains(messagePart);
    }

    private static String callThenAnswer(String callPartExtra, String responseName) {
        return "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Paris weather\"}]},"
                + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}"
                + callPartExtra + "}]},"
                + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"" + responseName
                + "\",\"response\":{\"result\":\"sunny\"}}}]}]," + TOOLS + "}";
    }

    @Test
    void shouldRefuseMissingOrEmptyContentsABadRoleAndEmptyPartsInGooglesErrorShape() throws Exception {
        assertRefused(post("gemini-2.0-flash", "{}", null), "contents is not specified");
        assertRefused(post("gemini-2.0-flash", "{\"contents\":[]}", null), "contents is not specified");
        assertRefused(post("gemini-2.0-flash", "{\"contents\":[{\"role\":\"assistant\",\"parts\":[{\"text\":\"hi\"}]}]}", null),
                "valid role");
        assertRefused(post("gemini-2.0-flash", "{\"contents\":[{\"role\":\"user\",\"parts\":[]}]}", null), "must not be empty");
        assertRefused(post("gemini-2.0-flash", "{\"contents\":[{\"role\":\"user\",\"parts\":[{}]}]}", null), "oneof field 'data'");
    }

    @Test
    void shouldRefuseAFunctionResponseThatAnswersNoCallOfThePreviousModelTurn() throws Exception {
        assertRefused(post("gemini-2.0-flash", callThenAnswer("", "get_time"), null), "get_time");
        assertRefused(post("gemini-2.0-flash", """
                {"contents":[{"role":"user","parts":[{"text":"hi"}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{}}}]}]}""", null),
                "immediately after a function call turn");
        assertThat(post("gemini-2.0-flash", callThenAnswer("", "get_weather"), null).status()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAGemini3FunctionCallSentBackWithoutItsThoughtSignature() throws Exception {
        String signature = GeminiResponses.signatureFor("get_weather");

        assertRefused(post("gemini-3-flash-preview", callThenAnswer("", "get_weather"), null), "thought_signature");
        assertRefused(post("gemini-3-flash-preview", callThenAnswer(",\"thoughtSignature\":\"not base64!\"", "get_weather"), null),
                "Base64");
        assertThat(post("gemini-3-flash-preview", callThenAnswer(",\"thoughtSignature\":\"" + signature + "\"", "get_weather"), null)
                .status()).isEqualTo(200);
        assertThat(post("gemini-2.5-flash", callThenAnswer("", "get_weather"), null).status()).isEqualTo(200);
    }

    @Test
    void shouldSignFunctionCallsOfThinkingModelsOnly() throws Exception {
        String ask = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Paris weather\"}]}]," + TOOLS + "}";

        JsonNode thinking = post("gemini-3-flash-preview", ask, null).body().at("/candidates/0/content/parts/0");
        JsonNode plain = post("gemini-2.0-flash", ask, null).body().at("/candidates/0/content/parts/0");

        assertThat(thinking.path("functionCall").path("name").asText()).isEqualTo("get_weather");
        assertThat(thinking.path("thoughtSignature").asText()).isEqualTo(GeminiResponses.signatureFor("get_weather"));
        assertThat(plain.has("functionCall")).isTrue();
        assertThat(plain.has("thoughtSignature")).isFalse();
    }

    @Test
    void shouldRefuseFileDataWithoutMimeTypeUnlessItIsAFilesApiUri() throws Exception {
        assertRefused(post("gemini-2.5-flash", """
                {"contents":[{"parts":[{"fileData":{"fileUri":"https://example.com/photo"}}]}]}""", null), "mime_type");
        assertRefused(post("gemini-2.5-flash", """
                {"contents":[{"parts":[{"inlineData":{"data":"iVBORw0KGgo="}}]}]}""", null), "mime_type");
        assertThat(post("gemini-2.5-flash", """
                {"contents":[{"parts":[{"fileData":{"fileUri":"https://example.com/photo","mimeType":"image/png"}}]}]}""", null)
                .status()).isEqualTo(200);
        assertThat(post("gemini-2.5-flash", """
                {"contents":[{"parts":[{"fileData":{"fileUri":"https://generativelanguage.googleapis.com/v1beta/files/abc"}}]}]}""",
                null).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "gemini-3-pro-preview | {\"thinkingLevel\":\"medium\"}                    | not supported for this model",
        "gemini-2.5-flash     | {\"thinkingLevel\":\"low\"}                       | not supported for this model",
        "gemini-3-flash-preview | {\"thinkingLevel\":\"extreme\"}                | thinking_level",
        "gemini-2.5-flash     | {\"thinkingBudget\":50000}                        | between 1 and 24576",
        "gemini-2.5-pro       | {\"thinkingBudget\":64}                           | between 128 and 32768",
        "gemini-2.5-pro       | {\"thinkingBudget\":0}                            | only works in thinking mode",
        "gemini-3-pro-preview | {\"thinkingBudget\":0}                            | only works in thinking mode",
        "gemini-3-flash-preview | {\"thinkingBudget\":1024,\"thinkingLevel\":\"low\"} | cannot both be set",
        "gemini-2.0-flash     | {\"thinkingBudget\":1024}                         | not supported by this model"})
    void shouldRefuseThinkingConfigsOutsideTheModelsRange(String model, String thinkingConfig, String messagePart) throws Exception {
        assertRefused(post(model, "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}],\"generationConfig\":{\"thinkingConfig\":"
                + thinkingConfig + "}}", null), messagePart);
    }

    @ParameterizedTest
    @CsvSource({"gemini-3-pro-preview,high", "gemini-3-flash-preview,minimal", "gemini-3-flash-preview,medium"})
    void shouldTakeTheThinkingLevelsTheModelHas(String model, String level) throws Exception {
        assertThat(post(model, "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}],\"generationConfig\":{\"thinkingConfig\":"
                + "{\"thinkingLevel\":\"" + level + "\"}}}", null).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource({"SAFETY", "PROHIBITED_CONTENT", "RECITATION", "OTHER"})
    void shouldEndTheAnswerWithTheFinishReasonAFaultAsksFor(String reason) throws Exception {
        Answer a = post("gemini-2.0-flash", "{\"contents\":[{\"parts\":[{\"text\":\"Tell me about routing\"}]}]}", "finish:" + reason);

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().at("/candidates/0/finishReason").asText()).isEqualTo(reason);
    }

    @Test
    void shouldAnswerAMalformedFunctionCallWithNoContentAndAFinishMessage() throws Exception {
        Answer a = post("gemini-2.5-flash", "{\"contents\":[{\"parts\":[{\"text\":\"Paris weather\"}]}]," + TOOLS + "}",
                "finish:MALFORMED_FUNCTION_CALL");

        assertThat(a.body().at("/candidates/0/finishReason").asText()).isEqualTo("MALFORMED_FUNCTION_CALL");
        assertThat(a.body().at("/candidates/0/content").isMissingNode()).isTrue();
        assertThat(a.body().at("/candidates/0/finishMessage").asText()).startsWith("Malformed function call");
    }

    @Test
    void shouldAnswerA429WithGooglesRetryInfo() throws Exception {
        Answer a = post("gemini-2.0-flash", "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}", "status:429");

        assertThat(a.status()).isEqualTo(429);
        assertThat(a.body().at("/error/status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        JsonNode retry = null;
        for (JsonNode d : a.body().at("/error/details")) {
            if (d.path("@type").asText().equals("type.googleapis.com/google.rpc.RetryInfo")) {
                retry = d;
            }
        }
        assertThat(retry).isNotNull();
        assertThat(retry.path("retryDelay").asText()).isEqualTo("31s");
    }
}
