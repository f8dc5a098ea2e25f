package xyz.pura.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static xyz.pura.simulator.OpenAiFormatStrictTest.post;
import static xyz.pura.simulator.OpenAiFormatStrictTest.refusal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Groq's OpenAI compatibility refuses OpenAI fields it does not support; OpenAI takes the same requests. */
class GroqFormatStrictTest {
    private static final String HI = "\"model\":\"llama-3.3-70b-versatile\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = new Simulator(SimulatorConfig.defaults().withLatency(Duration.ZERO, Duration.ZERO)).start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"logprobs\":true|logprobs",
            "\"logprobs\":false|logprobs",
            "\"top_logprobs\":2|top_logprobs",
            "\"logit_bias\":{}|logit_bias",
            "\"n\":2|n"})
    void shouldRefuseTheFieldsGroqDoesNotSupport(String field, String param) throws Exception {
        String body = "{" + HI + "," + field + "}";

        JsonNode error = refusal(post(sim, "groq", body), 400);

        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo(param);
        assertThat(post(sim, "openai", body.replace("llama-3.3-70b-versatile", "gpt-4o-mini")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldRefuseANamedMessageAndAnyNButOne() throws Exception {
        String named = "{\"model\":\"llama-3.3-70b-versatile\",\"messages\":[{\"role\":\"user\",\"name\":\"alice\",\"content\":\"hi\"}]}";

        JsonNode error = refusal(post(sim, "groq", named), 400);
        HttpResponse<String> single = post(sim, "groq", "{" + HI + ",\"n\":1}");

        assertThat(error.path("param").asText()).isEqualTo("messages[0].name");
        assertThat(post(sim, "openai", named).statusCode()).isEqualTo(200);
        assertThat(single.statusCode()).isEqualTo(200);
        assertThat(refusal(post(sim, "groq", "{" + HI + ",\"n\":0}"), 400).path("param").asText()).isEqualTo("n");
    }

    @Test
    void shouldSendGroqsRetryAfterOnARateLimit() throws Exception {
        sim.state().injectFault("groq", Fault.status(429), 1);

        HttpResponse<String> limited = post(sim, "groq", "{" + HI + "}");

        refusal(limited, 429);
        assertThat(limited.headers().firstValue("retry-after")).contains("2");
        assertThat(limited.headers().firstValue("retry-after-ms")).isEmpty();
        assertThat(limited.headers().firstValue("x-ratelimit-reset-tokens")).contains("7.66s");
    }
}
