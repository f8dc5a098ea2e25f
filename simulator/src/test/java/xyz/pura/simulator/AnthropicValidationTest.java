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

/** The simulator refuses what Anthropic's Messages API refuses, in Anthropic's error shape, and answers its own faults. */
class AnthropicValidationTest {
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

    private static HttpResponse<String> post(String body, String fault) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/messages"))
                .header("x-api-key", "sk-ant-test").header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (fault != null) {
            b.header("X-Sim-Fault", fault);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String ask(String model, String extra) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":2000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}";
    }

    private static void assertRefused(HttpResponse<String> r, String messagePart) throws Exception {
        JsonNode body = JSON.readTree(r.body());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.at("/error/message").asText()).contains(messagePart);
        assertThat(r.headers().firstValue("request-id")).hasValue(body.path("request_id").asText());
    }

    @ParameterizedTest
    @CsvSource({"claude-sonnet-4-5-20250929,true", "claude-opus-4-1,true", "claude-haiku-4-5,true", "claude-opus-4-5,true",
        "claude-sonnet-4-20250514,false", "claude-3-7-sonnet-latest,false", "claude-3-5-haiku-latest,false"})
    void shouldRefuseTemperatureWithTopPOnlyOnTheModelsThatDo(String model, boolean refused) throws Exception {
        HttpResponse<String> r = post(ask(model, ",\"temperature\":0.5,\"top_p\":0.9"), null);

        if (refused) {
            assertRefused(r, "`temperature` and `top_p` cannot both be specified");
        } else {
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldRefuseBlankStopSequencesBadRolesAndMissingFields() throws Exception {
        assertRefused(post(ask("claude-sonnet-4", ",\"stop_sequences\":[\"END\",\" \"]"), null), "non-whitespace");
        assertRefused(post("{\"model\":\"claude-sonnet-4\",\"max_tokens\":10,\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}", null),
                "messages.0.role");
        assertRefused(post("{\"model\":\"claude-sonnet-4\",\"messages\":[]}", null), "max_tokens");
        assertRefused(post("{\"model\":\"claude-sonnet-4\",\"max_tokens\":10,\"messages\":[]}", null), "at least one message");
    }

    @Test
    void shouldAcceptConsecutiveTurnsOfOneRoleAsTheApiCombinesThem() throws Exception {
        HttpResponse<String> r = post("{\"model\":\"claude-sonnet-4\",\"max_tokens\":50,\"messages\":["
                + "{\"role\":\"assistant\",\"content\":\"Earlier.\"},{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"}]}", null);

        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseMoreThanFourBreakpointsAndAnHourAfterFiveMinutes() throws Exception {
        String part = "{\"type\":\"text\",\"text\":\"x\",\"cache_control\":{\"type\":\"ephemeral\"}}";
        String five = String.join(",", part, part, part, part, part);
        assertRefused(post("{\"model\":\"claude-sonnet-4\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[" + five + "]}]}",
                null), "A maximum of 4 blocks with cache_control may be provided. Found 5.");
        String late = "{\"type\":\"text\",\"text\":\"y\",\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}";
        assertRefused(post("{\"model\":\"claude-sonnet-4\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":["
                + part + "," + late + "]}]}", null), "ttl='1h'");
    }

    @Test
    void shouldApplyTheThinkingRules() throws Exception {
        String thinking = ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}";
        assertRefused(post(ask("claude-sonnet-4-5", thinking + ",\"temperature\":0.5"), null), "`temperature` may only be set to 1");
        assertRefused(post(ask("claude-sonnet-4-5", ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000}"), null), "`max_tokens` must be greater");
        assertRefused(post(ask("claude-sonnet-4-5", thinking + ",\"top_k\":5"), null), "top_k");
        assertRefused(post(ask("claude-sonnet-4-5", thinking + ",\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}],"
                + "\"tool_choice\":{\"type\":\"any\"}"), null), "forces tool use");
        assertRefused(post(ask("claude-3-5-haiku-latest", thinking), null), "extended thinking");

        JsonNode ok = JSON.readTree(post(ask("claude-sonnet-4-5", thinking), null).body());
        assertThat(ok.at("/content/0/type").asText()).isEqualTo("thinking");
        assertThat(ok.at("/content/0/signature").asText()).isNotEmpty();
    }

    @Test
    void shouldRequireEveryToolUseToBeAnsweredInTheNextTurnAndEveryResultToAnswerOne() throws Exception {
        String call = "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{}}]}";
        String tools = ",\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}]";
        assertRefused(post("{\"model\":\"claude-sonnet-4\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}," + call
                + ",{\"role\":\"user\",\"content\":\"well?\"}]" + tools + "}", null), "toolu_1");
        assertRefused(post("{\"model\":\"claude-sonnet-4\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"tool_result\",\"tool_use_id\":\"toolu_9\",\"content\":\"x\"}]}]" + tools + "}", null), "unexpected `tool_use_id`");

        HttpResponse<String> answered = post("{\"model\":\"claude-sonnet-4\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"go\"}," + call + ",{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"ok\"}]}]"
                + tools + "}", null);
        assertThat(answered.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldSendAnOverloadedErrorRightAfterMessageStartWhenAsked() throws Exception {
        HttpResponse<String> r = post(ask("claude-sonnet-4", ",\"stream\":true"), "error-after-start");

        String[] events = r.body().split("\n\n");
        assertThat(events[0]).startsWith("event: message_start");
        assertThat(events[1]).startsWith("event: error").contains("overloaded_error");
        assertThat(events).hasSize(2);
        assertThat(post(ask("claude-sonnet-4", ""), "error-after-start").statusCode()).isEqualTo(529);
    }

    @Test
    void shouldAnswerAnAccountOutOfMoneyAsAnthropicDoes() throws Exception {
        HttpResponse<String> billing = post(ask("claude-sonnet-4", ""), "billing");
        HttpResponse<String> spend = post(ask("claude-sonnet-4", ""), "spend-limit");

        assertThat(billing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(billing.body()).at("/error/type").asText()).isEqualTo("billing_error");
        assertThat(spend.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(spend.body()).at("/error/message").asText()).contains("spend limit");
        assertThat(spend.headers().firstValue("retry-after")).isEmpty();
    }

    private static String thinkingLoop(String assistantContent) {
        return "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":3000,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},"
                + "\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\"}}],\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Paris weather?\"},{\"role\":\"assistant\",\"content\":" + assistantContent + "},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"sunny\"}]}]}";
    }

    @Test
    void shouldTakeBackItsOwnSignedThinkingBlockButRefuseAnInventedOneOrALoopWithoutIt() throws Exception {
        // given: a tool-use loop with thinking on, the assistant turn carrying a thinking block signed by the simulator,
        // one with a signature it never issued, and one without its thinking block
        String use = "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}";
        String signed = "[{\"type\":\"thinking\",\"thinking\":\"Look it up.\",\"signature\":\""
                + AnthropicBlocks.signature("42") + "\"}," + use + "]";
        String invented = "[{\"type\":\"thinking\",\"thinking\":\"Look it up.\",\"signature\":\"bm90LW1pbmU=\"}," + use + "]";
        String unsigned = "[{\"type\":\"thinking\",\"thinking\":\"Look it up.\"}," + use + "]";

        // when
        HttpResponse<String> kept = post(thinkingLoop(signed), null);

        // then
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertRefused(post(thinkingLoop(invented), null), "Invalid `signature` in `thinking` block");
        assertRefused(post(thinkingLoop(unsigned), null), "signature: Field required");
        assertRefused(post(thinkingLoop("[" + use + "]"), null), "Expected `thinking` or `redacted_thinking`, but found `tool_use`");
        assertThat(post(thinkingLoop("[{\"type\":\"redacted_thinking\",\"data\":\"opaque\"}," + use + "]"), null).statusCode())
                .isEqualTo(200);
        assertRefused(post(ask("claude-sonnet-4-5", "").replace("\"content\":\"hi\"", "\"content\":[{\"type\":\"thinking\","
                + "\"thinking\":\"x\",\"signature\":\"" + AnthropicBlocks.signature("1") + "\"}]"), null),
                "may only appear in `assistant` messages");
        assertRefused(post(ask("claude-sonnet-4-5", "").replace("\"content\":\"hi\"", "\"content\":[{\"type\":\"video\"}]"), null),
                "'video'");
    }
}
