package xyz.pura.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ApiException;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import com.google.genai.types.Schema;
import com.google.genai.types.Tool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official Google Gen AI Java SDK, pointed at the simulator, parses its answers: the format is the real one. */
class GeminiFormatSdkTest {
    private static final String MODEL = "gemini-2.0-flash";
    private static Simulator sim;
    private static Client client;

    @BeforeAll
    static void start() {
        sim = new Simulator(SimulatorConfig.defaults().withLatency(Duration.ZERO, Duration.ofMillis(1))).start();
        client = client(sim);
    }

    private static Client client(Simulator s) {
        return Client.builder().apiKey("gemini-test-key").vertexAI(false)
                .httpOptions(HttpOptions.builder().baseUrl(s.baseUrl()).apiVersion("v1beta")
                        .retryOptions(HttpRetryOptions.builder().attempts(1).build()).build())
                .build();
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

    private static GenerateContentConfig.Builder config() {
        return GenerateContentConfig.builder().systemInstruction(Content.fromParts(Part.fromText("Be brief.")));
    }

    private static GenerateContentConfig withWeatherTool() {
        Schema params = Schema.builder().type("OBJECT")
                .properties(Map.of("city", Schema.builder().type("STRING").build(), "days", Schema.builder().type("INTEGER").build()))
                .required(List.of("city")).build();
        return config().tools(Tool.builder().functionDeclarations(
                FunctionDeclaration.builder().name("get_weather").description("Weather of a city").parameters(params).build()).build())
                .build();
    }

    @Test
    void shouldAnswerGenerateContentInAFormatTheSdkParses() {
        GenerateContentResponse r = client.models.generateContent(MODEL, "Tell me about gateways", config().build());

        assertThat(r.text()).contains("gateways");
        assertThat(r.finishReason().knownEnum()).isEqualTo(FinishReason.Known.STOP);
        assertThat(r.usageMetadata().orElseThrow().promptTokenCount()).hasValueSatisfying(n -> assertThat(n).isPositive());
        assertThat(r.usageMetadata().orElseThrow().candidatesTokenCount()).hasValueSatisfying(n -> assertThat(n).isPositive());
        assertThat(r.modelVersion()).contains(MODEL);
        assertThat(sim.state().lastCredential("gemini")).isEqualTo("gemini-test-key");
    }

    @Test
    void shouldServeTheSdksDefaultApiVersionToo() {
        Client v1 = Client.builder().apiKey("gemini-test-key").vertexAI(false)
                .httpOptions(HttpOptions.builder().baseUrl(sim.baseUrl()).build()).build();

        assertThat(v1.models.generateContent(MODEL, "hello", null).text()).contains("hello");
        v1.close();
    }

    @Test
    void shouldStreamResponsesWhoseTextsJoinIntoTheWholeAnswer() {
        String whole = client.models.generateContent(MODEL, "Tell me about streams", config().build()).text();
        StringBuilder streamed = new StringBuilder();
        List<GenerateContentResponse> all = new ArrayList<>();
        try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream(MODEL, "Tell me about streams",
                config().build())) {
            for (GenerateContentResponse r : stream) {
                all.add(r);
                streamed.append(r.text() == null ? "" : r.text());
            }
        }

        assertThat(all).hasSizeGreaterThan(2);
        assertThat(streamed.toString()).isEqualTo(whole);
        assertThat(all.get(all.size() - 1).finishReason().knownEnum()).isEqualTo(FinishReason.Known.STOP);
    }

    @Test
    void shouldAnswerAFunctionCallThatTheSdkParsesStreamedAndNot() {
        GenerateContentResponse whole = client.models.generateContent(MODEL, "Paris weather please", withWeatherTool());
        List<FunctionCall> streamedCalls = new ArrayList<>();
        try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream(MODEL, "Paris weather please",
                withWeatherTool())) {
            for (GenerateContentResponse r : stream) {
                if (r.functionCalls() != null) {
                    streamedCalls.addAll(r.functionCalls());
                }
            }
        }

        assertThat(whole.functionCalls()).hasSize(1);
        assertThat(streamedCalls).hasSize(1);
        for (FunctionCall call : List.of(whole.functionCalls().get(0), streamedCalls.get(0))) {
            assertThat(call.name()).contains("get_weather");
            assertThat(call.args().orElseThrow()).containsEntry("city", "Paris");
            assertThat(((Number) call.args().orElseThrow().get("days")).intValue()).isEqualTo(42);
        }
    }

    @Test
    void shouldCutAtMaxOutputTokensWithFinishReasonMaxTokens() {
        GenerateContentResponse r = client.models.generateContent(MODEL, "long answer", config().maxOutputTokens(3).build());

        assertThat(r.finishReason().knownEnum()).isEqualTo(FinishReason.Known.MAX_TOKENS);
    }

    @Test
    void shouldAnswerJsonWhenTheResponseMimeTypeIsJson() throws Exception {
        GenerateContentResponse r = client.models.generateContent(MODEL, "give json",
                config().responseMimeType("application/json").build());

        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.text()).isObject()).isTrue();
    }

    @Test
    void shouldAnswerAnInjectedOverloadAsGoogles503ErrorShape() {
        sim.state().injectFault("gemini", Fault.status(529), 1);

        assertThatThrownBy(() -> client.models.generateContent(MODEL, "hi", config().build()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(503);
                    assertThat(e.status()).isEqualTo("UNAVAILABLE");
                    assertThat(e.message()).contains("overloaded");
                });
    }

    @Test
    void shouldSendAnErrorObjectMidStreamThatTheSdkRaises() {
        sim.state().injectFault("gemini", Fault.parse("error-mid-stream"), 1);

        assertThatThrownBy(() -> {
            try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream(MODEL, "hi", config().build())) {
                stream.forEach(r -> { });
            }
        }).isInstanceOf(ApiException.class).hasMessageContaining("internal error");
    }

    @Test
    void shouldRecordACancelWhenTheClientLeavesMidStream() {
        try (Simulator slow = new Simulator(SimulatorConfig.defaults().withLatency(Duration.ZERO, Duration.ofMillis(40))).start()) {
            Client c = client(slow);
            try (ResponseStream<GenerateContentResponse> stream = c.models.generateContentStream(MODEL, "cancel me", config().build())) {
                stream.iterator().next();
            }
            c.close();

            await().atMost(Duration.ofSeconds(5)).until(() -> slow.state().cancelled("gemini") == 1);
        }
    }
}
