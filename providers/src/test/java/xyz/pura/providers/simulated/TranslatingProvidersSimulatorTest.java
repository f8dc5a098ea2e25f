package xyz.pura.providers.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static xyz.pura.providers.fixtures.Fixtures.parse;
import static xyz.pura.providers.fixtures.Fixtures.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import xyz.pura.events.ProviderId;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.Provider;
import xyz.pura.providers.ProviderConfig;
import xyz.pura.providers.StreamAbortedException;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.anthropic.AnthropicProvider;
import xyz.pura.providers.fixtures.Fixtures.Collector;
import xyz.pura.providers.gemini.GeminiProvider;
import xyz.pura.simulator.Fault;
import xyz.pura.simulator.Simulator;
import xyz.pura.simulator.SimulatorConfig;

/** The Anthropic and Gemini adapters against the simulator's real wire formats: OpenAI-shaped results either way. */
class TranslatingProvidersSimulatorTest {
    private static final String TOOLS = """
            "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather",
                      "parameters":{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},
                                    "required":["city"],"additionalProperties":false}}}]""";
    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = new Simulator(SimulatorConfig.defaults().withLatency(Duration.ZERO, Duration.ofMillis(1))).start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void clearFaults() {
        sim.state().clearFaults();
    }

    private static Provider provider(ProviderId id, Simulator s) {
        ProviderConfig config = new ProviderConfig(id, s.baseUrl(), "sim-key", Duration.ofSeconds(2), Duration.ofSeconds(10));
        return id == ProviderId.ANTHROPIC ? new AnthropicProvider(config) : new GeminiProvider(config);
    }

    private static String model(ProviderId id) {
        return id == ProviderId.ANTHROPIC ? "claude-sonnet-4" : "gemini-2.0-flash";
    }

    @ParameterizedTest
    @EnumSource(value = ProviderId.class, names = {"ANTHROPIC", "GEMINI"})
    void shouldAnswerAPlainChatWithTheSameTextStreamedAndNot(ProviderId id) throws Exception {
        Provider p = provider(id, sim);
        String chat = """
                {"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Tell me about routing"}],
                 "stream_options":{"include_usage":true}}""";

        ChatResult whole = p.chat(request(chat, model(id), null));
        Collector sink = new Collector();
        ChatResult streamed = p.stream(request(chat, model(id), null), sink);

        assertThat(whole.completion().at("/choices/0/message/content").asText()).contains("routing");
        assertThat(sink.content()).isEqualTo(whole.completion().at("/choices/0/message/content").asText());
        assertThat(whole.finishReason()).isEqualTo("stop");
        assertThat(streamed.finishReason()).isEqualTo("stop");
        assertThat(whole.usage().inputTokens()).isPositive();
        assertThat(streamed.usage()).isEqualTo(whole.usage());
        assertThat(sink.chunks.get(sink.chunks.size() - 1).at("/usage/completion_tokens").asInt()).isEqualTo(whole.usage().outputTokens());
    }

    @ParameterizedTest
    @EnumSource(value = ProviderId.class, names = {"ANTHROPIC", "GEMINI"})
    void shouldRoundTripAToolCallWithArgumentsArrivingWhole(ProviderId id) throws Exception {
        Provider p = provider(id, sim);
        String ask = "{\"messages\":[{\"role\":\"user\",\"content\":\"Paris weather\"}]," + TOOLS + "}";

        ChatResult whole = p.chat(request(ask, model(id), null));
        Collector sink = new Collector();
        ChatResult streamed = p.stream(request(ask, model(id), null), sink);

        JsonNode call = whole.completion().at("/choices/0/message/tool_calls/0");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(parse(call.at("/function/arguments").asText())).isEqualTo(parse("{\"city\":\"Paris\",\"days\":42}"));
        assertThat(parse(sink.arguments(0))).isEqualTo(parse(call.at("/function/arguments").asText()));
        assertThat(whole.finishReason()).isEqualTo("tool_calls");
        assertThat(streamed.finishReason()).isEqualTo("tool_calls");

        String answer = "{\"messages\":[{\"role\":\"user\",\"content\":\"Paris weather\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + call + "]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"" + call.path("id").asText() + "\",\"content\":\"sunny, 21C\"}]," + TOOLS + "}";
        ChatResult after = p.chat(request(answer, model(id), null));

        assertThat(after.completion().at("/choices/0/message/content").asText()).startsWith("Based on the tool result");
        assertThat(after.finishReason()).isEqualTo("stop");
    }

    @ParameterizedTest
    @EnumSource(value = ProviderId.class, names = {"ANTHROPIC", "GEMINI"})
    void shouldHonourJsonModeStopSequencesAndMaxTokens(ProviderId id) throws Exception {
        Provider p = provider(id, sim);

        ChatResult json = p.chat(request("""
                {"messages":[{"role":"user","content":"give json"}],"response_format":{"type":"json_object"}}""", model(id), null));
        ChatResult cut = p.chat(request("""
                {"messages":[{"role":"user","content":"long"}],"max_tokens":3}""", model(id), null));
        ChatResult stopped = p.chat(request("""
                {"messages":[{"role":"user","content":"stop here"}],"stop":["answer"]}""", model(id), null));

        assertThat(parse(json.completion().at("/choices/0/message/content").asText()).isObject()).isTrue();
        assertThat(cut.finishReason()).isEqualTo("length");
        assertThat(stopped.completion().at("/choices/0/message/content").asText()).doesNotContain("answer");
        assertThat(stopped.finishReason()).isEqualTo("stop");
    }

    @ParameterizedTest
    @EnumSource(value = ProviderId.class, names = {"ANTHROPIC", "GEMINI"})
    void shouldSendTheByokKeyToTheUpstream(ProviderId id) throws Exception {
        provider(id, sim).chat(request("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", model(id), "callers-key"));

        assertThat(sim.state().lastCredential(id.wireName())).isEqualTo("callers-key");
    }

    @ParameterizedTest
    @EnumSource(value = ProviderId.class, names = {"ANTHROPIC", "GEMINI"})
    void shouldClassifyInjectedFaults(ProviderId id) {
        Provider p = provider(id, sim);
        String hi = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi there friend\"}]}";

        sim.state().injectFault(id.wireName(), Fault.status(529), 1);
        assertThatThrownBy(() -> p.chat(request(hi, model(id), null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.OVERLOADED));
        sim.state().injectFault(id.wireName(), Fault.status(429), 1);
        assertThatThrownBy(() -> p.chat(request(hi, model(id), null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED));
        sim.state().injectFault(id.wireName(), Fault.parse("error-mid-stream"), 1);
        Collector sink = new Collector();
        assertThatThrownBy(() -> p.stream(request(hi, model(id), null), sink))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind())
                        .isIn(EnumSet.of(FailureKind.STREAM_ERROR, FailureKind.OVERLOADED)));
        assertThat(sink.chunks).isNotEmpty();
        sim.state().injectFault(id.wireName(), Fault.parse("drop-mid-stream"), 1);
        assertThatThrownBy(() -> p.stream(request(hi, model(id), null), new Collector()))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TRANSPORT));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderId.class, names = {"ANTHROPIC", "GEMINI"})
    void shouldStopTheUpstreamWithinOneSecondWhenTheClientGoesAway(ProviderId id) {
        try (Simulator slow = new Simulator(SimulatorConfig.defaults().withLatency(Duration.ZERO, Duration.ofMillis(50))).start()) {
            Provider p = provider(id, slow);
            int[] seen = {0};

            assertThatThrownBy(() -> p.stream(request("{\"messages\":[{\"role\":\"user\",\"content\":\"a long story\"}]}",
                    model(id), null), chunk -> {
                        if (++seen[0] == 3) {
                            throw new IOException("client gone");
                        }
                    }))
                    .isInstanceOfSatisfying(StreamAbortedException.class, e -> assertThat(e.partial().outputText()).isNotEmpty());

            await().atMost(Duration.ofSeconds(1)).until(() -> slow.state().cancelled(id.wireName()) == 1);
        }
    }
}
