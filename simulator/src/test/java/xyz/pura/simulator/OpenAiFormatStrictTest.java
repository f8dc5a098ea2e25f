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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The OpenAI and Groq formats refuse what the real chat completions API refuses, in OpenAI's error shape. */
class OpenAiFormatStrictTest {
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

    @BeforeEach
    void clearFaults() {
        sim.state().clearFaults();
    }

    /** Posts a chat to "openai" or "groq". */
    static HttpResponse<String> post(Simulator s, String provider, String body) throws Exception {
        String path = provider.equals("openai") ? "/v1/chat/completions" : "/openai/v1/chat/completions";
        HttpRequest request = HttpRequest.newBuilder(URI.create(s.baseUrl() + path)).header("Authorization", "Bearer sk-test")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The error object of a refusal, after checking its status and shape. */
    static JsonNode refusal(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.path("message").isTextual()).isTrue();
        assertThat(error.has("type")).isTrue();
        assertThat(error.has("param")).isTrue();
        assertThat(error.has("code")).isTrue();
        return error;
    }

    private static String chat(String messages) {
        return "{\"model\":\"gpt-4o-mini\",\"messages\":" + messages + "}";
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"gpt-4o-mini\"}|messages|missing_required_parameter",
            "{\"model\":\"gpt-4o-mini\",\"messages\":[]}|messages|empty_array",
            "{\"model\":\"gpt-4o-mini\",\"messages\":\"hi\"}|messages|invalid_type",
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"content\":\"hi\"}]}|messages[0].role|missing_required_parameter",
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}|messages[0].role|invalid_value",
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":2.5}|temperature|decimal_above_max_value",
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":-0.1}|temperature|decimal_below_min_value",
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"top_p\":1.01}|top_p|decimal_above_max_value",
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"top_p\":\"high\"}|top_p|invalid_type"})
    void shouldRefuseInvalidRequestsOnBothPaths(String body, String param, String code) throws Exception {
        for (String provider : new String[]{"openai", "groq"}) {
            JsonNode error = refusal(post(sim, provider, body), 400);

            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.path("param").asText()).as(provider).isEqualTo(param);
            assertThat(error.path("code").asText()).as(provider).isEqualTo(code);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "2", "1.0"})
    void shouldAcceptTheBoundsOfTemperature(String t) throws Exception {
        assertThat(post(sim, "openai", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"temperature\":" + t + ",\"top_p\":1}").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAToolCallLeftUnansweredBeforeTheNextTurn() throws Exception {
        String call = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_a\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},{\"id\":\"call_b\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}";
        String user = "{\"role\":\"user\",\"content\":\"hi\"}";
        String answerA = "{\"role\":\"tool\",\"tool_call_id\":\"call_a\",\"content\":\"1\"}";
        String answerB = "{\"role\":\"tool\",\"tool_call_id\":\"call_b\",\"content\":\"2\"}";

        JsonNode halfAnswered = refusal(post(sim, "openai", chat("[" + user + "," + call + "," + answerA + "," + user + "]")), 400);
        JsonNode trailing = refusal(post(sim, "groq", chat("[" + user + "," + call + "]")), 400);
        JsonNode assistantNext = refusal(post(sim, "openai", chat("[" + user + "," + call + ",{\"role\":\"assistant\",\"content\":\"x\"}]")), 400);

        assertThat(halfAnswered.path("message").asText()).contains("call_b").doesNotContain("call_a");
        assertThat(halfAnswered.path("param").asText()).isEqualTo("messages.[3].role");
        assertThat(trailing.path("message").asText()).contains("call_a, call_b");
        assertThat(assistantNext.path("param").asText()).isEqualTo("messages.[2].role");
        assertThat(post(sim, "openai", chat("[" + user + "," + call + "," + answerB + "," + answerA + "," + user + "]")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldRefuseAToolMessageThatAnswersNoCall() throws Exception {
        String orphan = "[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"tool\",\"tool_call_id\":\"call_x\",\"content\":\"1\"}]";
        String noId = "[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"tool\",\"content\":\"1\"}]";

        assertThat(refusal(post(sim, "openai", chat(orphan)), 400).path("param").asText()).isEqualTo("messages.[1].role");
        assertThat(refusal(post(sim, "groq", chat(noId)), 400).path("param").asText()).isEqualTo("messages[1].tool_call_id");
    }

    @Test
    void shouldSendOpenAisRetryHeadersOnARateLimit() throws Exception {
        sim.state().injectFault("openai", Fault.status(429), 1);

        HttpResponse<String> limited = post(sim, "openai", chat("[{\"role\":\"user\",\"content\":\"hi\"}]"));

        JsonNode error = refusal(limited, 429);
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(limited.headers().firstValue("retry-after-ms")).contains("1200");
        assertThat(limited.headers().firstValue("retry-after")).contains("2");
        assertThat(limited.headers().firstValue("x-ratelimit-reset-requests")).contains("1.2s");
    }

    @Test
    void shouldAnswerAnExhaustedQuotaWithoutRetryHeaders() throws Exception {
        sim.state().injectFault("openai", Fault.parse("insufficient-quota"), 1);

        HttpResponse<String> quota = post(sim, "openai", chat("[{\"role\":\"user\",\"content\":\"hi\"}]"));

        JsonNode error = refusal(quota, 429);
        assertThat(error.path("code").asText()).isEqualTo("insufficient_quota");
        assertThat(error.path("type").asText()).isEqualTo("insufficient_quota");
        assertThat(quota.headers().firstValue("retry-after")).isEmpty();
        assertThat(quota.headers().firstValue("retry-after-ms")).isEmpty();
        assertThat(post(sim, "openai", chat("[{\"role\":\"user\",\"content\":\"hi\"}]")).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldTakeTheQuotaFaultFromTheRequestHeaderToo() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer sk-test").header("X-Sim-Fault", "insufficient-quota")
                .POST(HttpRequest.BodyPublishers.ofString(chat("[{\"role\":\"user\",\"content\":\"hi\"}]"))).build();

        HttpResponse<String> quota = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(refusal(quota, 429).path("code").asText()).isEqualTo("insufficient_quota");
    }
}
