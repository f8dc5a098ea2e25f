package xyz.pura.providers.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xyz.pura.providers.fixtures.Fixtures.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import xyz.pura.events.ProviderId;
import xyz.pura.events.chat.InvalidRequestException;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.Provider;
import xyz.pura.providers.ProviderConfig;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.fixtures.Fixtures.Collector;
import xyz.pura.providers.groq.GroqProvider;
import xyz.pura.providers.openai.OpenAiProvider;
import xyz.pura.simulator.Fault;
import xyz.pura.simulator.Simulator;
import xyz.pura.simulator.SimulatorConfig;

/** The OpenAI and Groq providers against the simulator, which refuses what the real APIs refuse. */
class OpenAiCompatibleSimulatorTest {
    private static final String HI = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi there friend\"}]}";
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

    private static Provider provider(ProviderId id) {
        String base = id == ProviderId.OPENAI ? sim.baseUrl() + "/v1" : sim.baseUrl();
        ProviderConfig config = new ProviderConfig(id, base, "sim-key", Duration.ofSeconds(2), Duration.ofSeconds(10));
        return id == ProviderId.OPENAI ? new OpenAiProvider(config) : new GroqProvider(config);
    }

    private static String model(ProviderId id) {
        return id == ProviderId.OPENAI ? "gpt-4o-mini" : "llama-3.3-70b-versatile";
    }

    @ParameterizedTest
    @EnumSource(value = ProviderId.class, names = {"OPENAI", "GROQ"})
    void shouldServeAMultiAgentConversationWithNamedParticipants(ProviderId id) throws Exception {
        String chat = """
                {"messages":[{"role":"system","content":"You moderate a debate."},
                             {"role":"user","name":"alice","content":"Routing should be cheap."},
                             {"role":"user","name":"bob","content":"Routing should be fast."},
                             {"role":"assistant","name":"moderator","content":"Both have a point."},
                             {"role":"user","name":"alice","content":"Summarise routing"}],
                 "stream_options":{"include_usage":true}}""";

        ChatResult whole = provider(id).chat(request(chat, model(id), null));
        Collector sink = new Collector();
        ChatResult streamed = provider(id).stream(request(chat, model(id), null), sink);

        assertThat(whole.finishReason()).isEqualTo("stop");
        assertThat(whole.completion().at("/choices/0/message/content").asText()).contains("routing");
        assertThat(streamed.finishReason()).isEqualTo("stop");
        assertThat(sink.content()).isEqualTo(whole.completion().at("/choices/0/message/content").asText());
    }

    @ParameterizedTest
    @EnumSource(value = ProviderId.class, names = {"OPENAI", "GROQ"})
    void shouldRemoveAnthropicCacheMarksThatGroqRefuses(ProviderId id) throws Exception {
        // Given a request written for Claude's prompt cache: marks on a system part, a message and a tool
        String body = "{\"messages\":[{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"Long rules\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}}]},{\"role\":\"user\",\"content\":\"hi there\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"parameters\":{\"type\":\"object\"}},\"cache_control\":{\"type\":\"ephemeral\"}}],\"tool_choice\":\"none\"}";

        // When the provider serves it (the strict simulator refuses cache_control as Groq does)
        ChatResult result = provider(id).chat(request(body, model(id), null));

        // Then it is answered
        assertThat(result.finishReason()).isEqualTo("stop");
    }

    @Test
    void shouldSendGroqTheNoOpValuesOfFieldsItRefusesWithoutThem() throws Exception {
        ChatResult result = provider(ProviderId.GROQ).chat(request("""
                {"messages":[{"role":"user","content":"hi"}],"logprobs":false,"logit_bias":{},"top_logprobs":null,"n":1}""",
                model(ProviderId.GROQ), null));

        assertThat(result.finishReason()).isEqualTo("stop");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"logprobs\":true", "\"logprobs\":true,\"top_logprobs\":2", "\"logit_bias\":{\"1734\":-100}", "\"n\":3"})
    void shouldRefuseWhatGroqCannotServeWithoutCallingIt(String field) {
        String chat = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]," + field + "}";
        long before = sim.state().requests("groq");

        assertThatThrownBy(() -> provider(ProviderId.GROQ).chat(request(chat, model(ProviderId.GROQ), null)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> provider(ProviderId.GROQ).stream(request(chat, model(ProviderId.GROQ), null), new Collector()))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(sim.state().requests("groq")).isEqualTo(before);
    }

    @Test
    void shouldLetOpenAiServeWhatGroqCannot() throws Exception {
        ChatResult result = provider(ProviderId.OPENAI).chat(request("""
                {"messages":[{"role":"user","name":"alice","content":"hi"}],"logprobs":true,"top_logprobs":2,"n":2}""",
                model(ProviderId.OPENAI), null));

        assertThat(result.finishReason()).isEqualTo("stop");
    }

    @ParameterizedTest
    @EnumSource(value = ProviderId.class, names = {"OPENAI", "GROQ"})
    void shouldRoundTripAToolCallThroughTheStrictToolOrder(ProviderId id) throws Exception {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]";
        ChatResult ask = provider(id).chat(request("{\"messages\":[{\"role\":\"user\",\"content\":\"Paris weather\"}]," + tools + "}",
                model(id), null));
        JsonNode call = ask.completion().at("/choices/0/message/tool_calls/0");

        ChatResult after = provider(id).chat(request("{\"messages\":[{\"role\":\"user\",\"content\":\"Paris weather\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + call + "]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"" + call.path("id").asText() + "\",\"content\":\"sunny\"}]," + tools + "}",
                model(id), null));

        assertThat(ask.finishReason()).isEqualTo("tool_calls");
        assertThat(after.finishReason()).isEqualTo("stop");
    }

    @Test
    void shouldTakeTheWaitFromEachProvidersRateLimitHeaders() {
        sim.state().injectFault("openai", Fault.status(429), 1);
        sim.state().injectFault("groq", Fault.status(429), 1);

        assertThatThrownBy(() -> provider(ProviderId.OPENAI).chat(request(HI, model(ProviderId.OPENAI), null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1200)); // retry-after-ms, not Retry-After: 2
                });
        assertThatThrownBy(() -> provider(ProviderId.GROQ).stream(request(HI, model(ProviderId.GROQ), null), new Collector()))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
                });
    }

    @ParameterizedTest
    @EnumSource(value = ProviderId.class, names = {"OPENAI", "GROQ"})
    void shouldNotRetryAnExhaustedQuota(ProviderId id) {
        sim.state().injectFault(id.wireName(), Fault.parse("insufficient-quota"), 2);

        assertThatThrownBy(() -> provider(id).chat(request(HI, model(id), null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(429);
                    assertThat(e.kind().retryable()).isFalse();
                    assertThat(e.retryAfter()).isNull();
                });
        assertThatThrownBy(() -> provider(id).stream(request(HI, model(id), null), new Collector()))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind().retryable()).isFalse());
    }
}
