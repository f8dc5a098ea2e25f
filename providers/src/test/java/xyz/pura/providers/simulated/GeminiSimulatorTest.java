package xyz.pura.providers.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xyz.pura.providers.fixtures.Fixtures.parse;
import static xyz.pura.providers.fixtures.Fixtures.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import xyz.pura.events.ProviderId;
import xyz.pura.events.chat.InvalidRequestException;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.ProviderConfig;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.fixtures.Fixtures.Collector;
import xyz.pura.providers.gemini.GeminiProvider;
import xyz.pura.simulator.Fault;
import xyz.pura.simulator.Simulator;
import xyz.pura.simulator.SimulatorConfig;

/** The Gemini adapter against the simulator's strict Gemini format: what it sends, Gemini would take. */
class GeminiSimulatorTest {
    private static final String TOOLS = """
            "tools":[{"type":"function","function":{"name":"get_weather",
                      "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""";
    private static final String ASK = "{\"messages\":[{\"role\":\"user\",\"content\":\"Paris weather\"}]," + TOOLS + "}";
    private static Simulator sim;
    private static GeminiProvider gemini;

    @BeforeAll
    static void start() {
        sim = new Simulator(SimulatorConfig.defaults().withLatency(Duration.ZERO, Duration.ZERO)).start();
        gemini = new GeminiProvider(new ProviderConfig(ProviderId.GEMINI, sim.baseUrl(), "sim-key", Duration.ofSeconds(2),
                Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void clearFaults() {
        sim.state().clearFaults();
    }

    private static JsonNode lastBody() {
        return parse(sim.state().lastBody("gemini"));
    }

    private static String answering(JsonNode call) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"Paris weather\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + call + "]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"" + call.path("id").asText() + "\",\"content\":\"sunny\"}]," + TOOLS + "}";
    }

    @Test
    void shouldHandTheThoughtSignatureToTheClientAndSendItBackSoGemini3TakesTheNextTurn() throws Exception {
        JsonNode call = gemini.chat(request(ASK, "gemini-3-flash-preview", null)).completion().at("/choices/0/message/tool_calls/0");

        assertThat(call.at("/extra_content/google/thought_signature").asText()).isNotEmpty();
        ChatResult after = gemini.chat(request(answering(call), "gemini-3-flash-preview", null));

        assertThat(after.completion().at("/choices/0/message/content").asText()).startsWith("Based on the tool result");
        assertThat(lastBody().at("/contents/1/parts/0/thoughtSignature").asText())
                .isEqualTo(call.at("/extra_content/google/thought_signature").asText());
    }

    @Test
    void shouldCarryTheThoughtSignatureOfAStreamedToolCallToo() throws Exception {
        Collector sink = new Collector();
        gemini.stream(request(ASK, "gemini-3-flash-preview", null), sink);
        JsonNode call = sink.chunks.stream().map(c -> c.at("/choices/0/delta/tool_calls/0"))
                .filter(tc -> !tc.isMissingNode()).findFirst().orElseThrow();

        assertThat(call.at("/extra_content/google/thought_signature").asText()).isNotEmpty();
        Collector after = new Collector();
        gemini.stream(request(answering(call).replace("\"index\":0,", ""), "gemini-3-flash-preview", null), after);

        assertThat(after.content()).startsWith("Based on the tool result");
    }

    @Test
    void shouldLetGemini3RefuseAToolCallSentBackWithoutItsSignature() throws Exception {
        JsonNode call = gemini.chat(request(ASK, "gemini-3-flash-preview", null)).completion().at("/choices/0/message/tool_calls/0");
        ((com.fasterxml.jackson.databind.node.ObjectNode) call).remove("extra_content");

        assertThatThrownBy(() -> gemini.chat(request(answering(call), "gemini-3-flash-preview", null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("thought_signature");
                });
    }

    @ParameterizedTest
    @CsvSource({"gemini-2.5-flash,low,thinkingBudget,1024", "gemini-2.5-flash,high,thinkingBudget,24576",
        "gemini-2.5-pro,minimal,thinkingBudget,128", "gemini-2.5-flash,none,thinkingBudget,0",
        "gemini-3-pro-preview,medium,thinkingLevel,high", "gemini-3-pro-preview,minimal,thinkingLevel,low",
        "gemini-3-flash-preview,minimal,thinkingLevel,minimal", "gemini-3-flash-preview,medium,thinkingLevel,medium"})
    void shouldMapReasoningEffortToTheModelsThinkingControl(String model, String effort, String field, String value) throws Exception {
        gemini.chat(request("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"reasoning_effort\":\"" + effort + "\"}", model,
                null));

        assertThat(lastBody().at("/generationConfig/thinkingConfig/" + field).asText()).isEqualTo(value);
    }

    @Test
    void shouldThinkLessAtALowerEffort() throws Exception {
        String chat = "{\"messages\":[{\"role\":\"user\",\"content\":\"Explain budgets\"}],\"reasoning_effort\":\"%s\"}";

        ChatResult low = gemini.chat(request(chat.formatted("low"), "gemini-3-flash-preview", null));
        ChatResult high = gemini.chat(request(chat.formatted("high"), "gemini-3-flash-preview", null));

        assertThat(low.usage().reasoningTokens()).isLessThan(high.usage().reasoningTokens());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini-2.5-pro", "gemini-3-pro-preview"})
    void shouldRefuseReasoningEffortNoneOnModelsThatAlwaysThinkBeforeAnyRequestReachesGemini(String model) {
        long before = sim.state().requests("gemini");

        assertThatThrownBy(() -> gemini.chat(request("""
                {"messages":[{"role":"user","content":"hi"}],"reasoning_effort":"none"}""", model, null)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.param()).isEqualTo("reasoning_effort"));
        assertThat(sim.state().requests("gemini")).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY", "RECITATION", "LANGUAGE"})
    void shouldEndABlockedAnswerWithContentFilterStreamedAndNot(String reason) throws Exception {
        String chat = "{\"messages\":[{\"role\":\"user\",\"content\":\"Tell me about routing\"}]}";

        sim.state().injectFault("gemini", Fault.finish(reason), 2);
        ChatResult whole = gemini.chat(request(chat, "gemini-2.5-flash", null));
        Collector sink = new Collector();
        ChatResult streamed = gemini.stream(request(chat, "gemini-2.5-flash", null), sink);

        assertThat(whole.finishReason()).isEqualTo("content_filter");
        assertThat(streamed.finishReason()).isEqualTo("content_filter");
        assertThat(sink.finishReasons()).containsExactly("content_filter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MALFORMED_FUNCTION_CALL", "OTHER"})
    void shouldFailAnAnswerThatEndedWithoutAUsableResultAsARetryableUpstreamFailure(String reason) {
        sim.state().injectFault("gemini", Fault.finish(reason), 2);

        assertThatThrownBy(() -> gemini.chat(request(ASK, "gemini-2.5-flash", null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.SERVER_ERROR);
                    assertThat(e.kind().retryable()).isTrue();
                    assertThat(e.getMessage()).contains(reason);
                });
        assertThatThrownBy(() -> gemini.stream(request(ASK, "gemini-2.5-flash", null), new Collector()))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.SERVER_ERROR));
    }

    @Test
    void shouldRefuseAnImageUrlWhoseTypeTheClientDidNotStateAndSendOneWhoseTypeItDid() throws Exception {
        String image = """
                {"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                  {"type":"image_url","image_url":{"url":"https://example.com/photo"%s}}]}]}""";
        long before = sim.state().requests("gemini");

        assertThatThrownBy(() -> gemini.chat(request(image.formatted(""), "gemini-2.5-flash", null)))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.param()).isEqualTo("messages[0].content[1].image_url.mime_type"));
        assertThat(sim.state().requests("gemini")).isEqualTo(before);

        gemini.chat(request(image.formatted(",\"mime_type\":\"image/webp\""), "gemini-2.5-flash", null));
        assertThat(lastBody().at("/contents/0/parts/1")).isEqualTo(parse(
                "{\"fileData\":{\"mimeType\":\"image/webp\",\"fileUri\":\"https://example.com/photo\"}}"));
    }

    @Test
    void shouldSendAudioAndPdfPartsInline() throws Exception {
        gemini.chat(request("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"Transcribe and summarise"},
                  {"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}},
                  {"type":"input_audio","input_audio":{"data":"SUQz","format":"mp3"}},
                  {"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0="}}]}]}""",
                "gemini-2.5-flash", null));

        assertThat(lastBody().at("/contents/0/parts")).isEqualTo(parse("""
                [{"text":"Transcribe and summarise"},
                 {"inlineData":{"mimeType":"audio/wav","data":"UklGRg=="}},
                 {"inlineData":{"mimeType":"audio/mp3","data":"SUQz"}},
                 {"inlineData":{"mimeType":"application/pdf","data":"JVBERi0="}}]"""));
    }

    @Test
    void shouldReadTheRetryDelayOfGeminis429StreamedAndNot() {
        String hi = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        sim.state().injectFault("gemini", Fault.status(429), 2);

        assertThatThrownBy(() -> gemini.chat(request(hi, "gemini-2.5-flash", null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(31));
                });
        assertThatThrownBy(() -> gemini.stream(request(hi, "gemini-2.5-flash", null), new Collector()))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(31)));
    }
}
