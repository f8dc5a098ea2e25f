package xyz.pura.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official Anthropic Java SDK, pointed at the simulator, parses its answers: the format is the real one. */
class AnthropicFormatSdkTest {
    private static Simulator sim;
    private static AnthropicClient client;

    @BeforeAll
    static void start() {
        sim = new Simulator(SimulatorConfig.defaults().withLatency(Duration.ZERO, Duration.ofMillis(1))).start();
        client = AnthropicOkHttpClient.builder().apiKey("sk-ant-test").baseUrl(sim.baseUrl()).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        sim.close();
    }

    @BeforeEach
    void clearFaults() {
        sim.state().clearFaults();
    }

    private static MessageCreateParams.Builder params(String prompt) {
        return MessageCreateParams.builder().model("claude-sonnet-4").maxTokens(256).system("Be brief.").addUserMessage(prompt);
    }

    private static Tool weatherTool() {
        return Tool.builder().name("get_weather").description("Weather of a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(Tool.InputSchema.Properties.builder()
                                .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string")))
                                .putAdditionalProperty("days", JsonValue.from(Map.of("type", "integer")))
                                .build())
                        .required(List.of("city"))
                        .build())
                .build();
    }

    @Test
    void shouldAnswerATextMessageThatTheSdkParsesAndValidates() {
        Message message = client.messages().create(params("Tell me about gateways").build()).validate();

        assertThat(message.content()).hasSize(1);
        assertThat(message.content().get(0).text()).hasValueSatisfying(t -> assertThat(t.text()).contains("gateways"));
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isPositive();
        assertThat(message.usage().outputTokens()).isPositive();
        assertThat(sim.state().lastCredential("anthropic")).isEqualTo("sk-ant-test");
    }

    @Test
    void shouldStreamEventsThatTheSdkAccumulatesIntoTheSameMessage() {
        Message whole = client.messages().create(params("Tell me about streams").build());
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params("Tell me about streams").build())) {
            stream.stream().forEach(acc::accumulate);
        }
        Message streamed = acc.message().validate();

        assertThat(streamed.content().get(0).text().orElseThrow().text()).isEqualTo(whole.content().get(0).text().orElseThrow().text());
        assertThat(streamed.stopReason()).contains(StopReason.END_TURN);
        assertThat(streamed.usage().outputTokens()).isEqualTo(whole.usage().outputTokens());
    }

    @Test
    void shouldAnswerAToolUseWhoseInputTheSdkParsesStreamedAndNot() {
        MessageCreateParams p = params("Paris weather please").addTool(weatherTool()).build();

        Message whole = client.messages().create(p).validate();
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(p)) {
            stream.stream().forEach(acc::accumulate);
        }
        Message streamed = acc.message().validate();

        for (Message m : List.of(whole, streamed)) {
            assertThat(m.stopReason()).contains(StopReason.TOOL_USE);
            ToolUseBlock use = m.content().stream().map(ContentBlock::toolUse).flatMap(java.util.Optional::stream).findFirst().orElseThrow();
            assertThat(use.name()).isEqualTo("get_weather");
            assertThat(use.id()).startsWith("toolu_");
            assertThat(use._input().convert(Map.class)).containsEntry("city", "Paris").containsEntry("days", 42);
        }
    }

    @Test
    void shouldReportAStopSequenceAsAnthropicDoes() {
        Message full = client.messages().create(params("stop test").build());
        String text = full.content().get(0).text().orElseThrow().text();
        String stop = text.substring(10, 14);

        Message cut = client.messages().create(params("stop test").stopSequences(List.of(stop)).build()).validate();

        assertThat(cut.stopReason()).contains(StopReason.STOP_SEQUENCE);
        assertThat(cut.stopSequence()).contains(stop);
        assertThat(cut.content().get(0).text().orElseThrow().text()).isEqualTo(text.substring(0, text.indexOf(stop)));
    }

    @Test
    void shouldCutAtMaxTokensWithStopReasonMaxTokens() {
        Message m = client.messages().create(params("long answer").maxTokens(3).build()).validate();

        assertThat(m.stopReason()).contains(StopReason.MAX_TOKENS);
    }

    @Test
    void shouldAnswerAnInjected529InAnthropicsOverloadedErrorShape() {
        sim.state().injectFault("anthropic", Fault.status(529), 1);

        assertThatThrownBy(() -> client.messages().create(params("hi").build()))
                .isInstanceOfSatisfying(AnthropicServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(529);
                    assertThat(e.getMessage()).contains("overloaded_error");
                });
    }

    @Test
    void shouldSendAnErrorEventMidStreamThatTheSdkRaises() {
        sim.state().injectFault("anthropic", Fault.parse("error-mid-stream"), 1);

        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params("hi").build())) {
                stream.stream().forEach(e -> { });
            }
        }).isInstanceOf(AnthropicException.class).hasMessageContaining("Overloaded");
    }

    @Test
    void shouldRefuseARequestWithoutKeyOrVersionInAnthropicsErrorShape() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/messages"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[]}"));

        HttpResponse<String> noKey = http.send(req.copy().header("anthropic-version", "2023-06-01").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> noVersion = http.send(req.copy().header("x-api-key", "k").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(noKey.body()).contains("\"type\":\"error\"").contains("authentication_error");
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(noVersion.body()).contains("anthropic-version");
    }

    @Test
    void shouldRecordACancelWhenTheClientLeavesMidStream() {
        try (Simulator slow = new Simulator(SimulatorConfig.defaults().withLatency(Duration.ZERO, Duration.ofMillis(40))).start()) {
            AnthropicClient c = AnthropicOkHttpClient.builder().apiKey("k").baseUrl(slow.baseUrl()).maxRetries(0).build();
            try (StreamResponse<RawMessageStreamEvent> stream = c.messages().createStreaming(params("cancel me").build())) {
                stream.stream().limit(4).forEach(e -> { });
            }
            c.close();

            await().atMost(Duration.ofSeconds(5)).until(() -> slow.state().cancelled("anthropic") == 1);
        }
    }
}
