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
import xyz.pura.events.ProviderId;
import xyz.pura.events.chat.InvalidRequestException;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.ProviderConfig;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.anthropic.AnthropicProvider;
import xyz.pura.providers.fixtures.Fixtures.Collector;
import xyz.pura.simulator.Fault;
import xyz.pura.simulator.Simulator;
import xyz.pura.simulator.SimulatorConfig;

/**
 * The Anthropic adapter against the simulator made as strict as the real Messages API: every translation a Claude 4.5
 * model would refuse fails here too, and the failures Anthropic answers with are classified as the gateway's retry and
 * fallback need them.
 */
class AnthropicStrictSimulatorTest {
    private static final String MODEL = "claude-sonnet-4-5";
    private static Simulator sim;
    private static AnthropicProvider anthropic;

    @BeforeAll
    static void start() {
        sim = new Simulator(SimulatorConfig.defaults().withLatency(Duration.ZERO, Duration.ZERO)).start();
        anthropic = new AnthropicProvider(new ProviderConfig(ProviderId.ANTHROPIC, sim.baseUrl(), "sim-key",
                Duration.ofSeconds(2), Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void clearFaults() {
        sim.state().clearFaults();
    }

    private static JsonNode sent() {
        return parse(sim.state().lastBody("anthropic"));
    }

    @Test
    void shouldSendOnlyTemperatureWhenTopPIsAlsoGivenBecauseClaude45RefusesBoth() throws Exception {
        ChatResult r = anthropic.chat(request("""
                {"messages":[{"role":"user","content":"hi"}],"temperature":0.3,"top_p":0.8}""", MODEL, null));

        assertThat(r.finishReason()).isEqualTo("stop");
        assertThat(sent().path("temperature").decimalValue()).isEqualByComparingTo("0.3");
        assertThat(sent().has("top_p")).isFalse();
    }

    @Test
    void shouldDropEmptyAndWhitespaceStopSequencesAndSendNoneWhenNoneRemain() throws Exception {
        anthropic.chat(request("""
                {"messages":[{"role":"user","content":"hi"}],"stop":["", "  "]}""", MODEL, null));
        assertThat(sent().has("stop_sequences")).isFalse();

        anthropic.chat(request("""
                {"messages":[{"role":"user","content":"hi"}],"stop":""}""", MODEL, null));
        assertThat(sent().has("stop_sequences")).isFalse();

        anthropic.chat(request("""
                {"messages":[{"role":"user","content":"hi"}],"stop":["\\n", "END"]}""", MODEL, null));
        assertThat(sent().path("stop_sequences")).isEqualTo(parse("[\"END\"]"));
    }

    @Test
    void shouldKeepCacheControlOnSystemPartsToolsAndToolResultsSoTheLongPrefixIsCached() throws Exception {
        String manual = "The refund policy of the shop, clause by clause. ".repeat(120);
        String chat = """
                {"messages":[
                  {"role":"system","content":[{"type":"text","text":"%s","cache_control":{"type":"ephemeral","ttl":"1h"}}]},
                  {"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"sunny","cache_control":{"type":"ephemeral"}}],
                 "tools":[{"type":"function","cache_control":{"type":"ephemeral","ttl":"1h"},
                           "function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}
                """.formatted(manual);

        ChatResult first = anthropic.chat(request(chat, MODEL, null));
        ChatResult again = anthropic.chat(request(chat, MODEL, null));

        JsonNode b = sent();
        assertThat(b.at("/system/0/cache_control")).isEqualTo(parse("{\"type\":\"ephemeral\",\"ttl\":\"1h\"}"));
        assertThat(b.at("/tools/0/cache_control")).isEqualTo(parse("{\"type\":\"ephemeral\",\"ttl\":\"1h\"}"));
        assertThat(b.at("/messages/2/content/0/type").asText()).isEqualTo("tool_result");
        assertThat(b.at("/messages/2/content/0/cache_control")).isEqualTo(parse("{\"type\":\"ephemeral\"}"));
        assertThat(first.usage().cacheWrite1hTokens()).isPositive();
        assertThat(again.usage().cachedInputTokens()).isPositive();
    }

    @Test
    void shouldRefuseMoreThanFourCacheBreakpointsBeforeAnythingReachesAnthropic() {
        String part = "{\"type\":\"text\",\"text\":\"x\",\"cache_control\":{\"type\":\"ephemeral\"}}";
        String chat = "{\"messages\":[{\"role\":\"user\",\"content\":[" + String.join(",", part, part, part, part, part) + "]}]}";
        long before = sim.state().requests("anthropic");

        assertThatThrownBy(() -> anthropic.chat(request(chat, MODEL, null)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getMessage()).contains("at most 4 cache_control").contains("has 5");
                    assertThat(e.param()).isEqualTo("cache_control");
                });
        assertThat(sim.state().requests("anthropic")).isEqualTo(before);
    }

    @Test
    void shouldTurnReasoningEffortIntoExtendedThinkingAndShowTheThinkingAsReasoningContent() throws Exception {
        String chat = """
                {"messages":[{"role":"user","content":"Why is the sky blue?"}],"reasoning_effort":"high",
                 "max_completion_tokens":2000,"temperature":0.2,"top_p":0.5}""";

        ChatResult whole = anthropic.chat(request(chat, MODEL, null));
        Collector sink = new Collector();
        ChatResult streamed = anthropic.stream(request(chat, MODEL, null), sink);

        JsonNode b = sent();
        assertThat(b.path("thinking")).isEqualTo(parse("{\"type\":\"enabled\",\"budget_tokens\":16384}"));
        assertThat(b.path("max_tokens").asInt()).isEqualTo(16384 + 2000);
        assertThat(b.has("temperature")).isFalse();
        assertThat(b.has("top_p")).isFalse();
        assertThat(whole.completion().at("/choices/0/message/reasoning_content").asText()).isNotBlank();
        StringBuilder reasoning = new StringBuilder();
        sink.chunks.forEach(c -> reasoning.append(c.at("/choices/0/delta/reasoning_content").asText("")));
        assertThat(reasoning.toString()).isEqualTo(whole.completion().at("/choices/0/message/reasoning_content").asText());
        assertThat(sink.content()).isEqualTo(whole.completion().at("/choices/0/message/content").asText());
        assertThat(streamed.usage()).isEqualTo(whole.usage());
        assertThat(whole.outputText()).doesNotContain(reasoning); // priced from Anthropic's output_tokens, thinking included
    }

    @Test
    void shouldNotThinkAtMinimalEffortNorOnAModelWithoutThinking() throws Exception {
        anthropic.chat(request("""
                {"messages":[{"role":"user","content":"hi"}],"reasoning_effort":"minimal","temperature":0.2}""", MODEL, null));
        assertThat(sent().has("thinking")).isFalse();
        assertThat(sent().has("temperature")).isTrue();

        ChatResult old = anthropic.chat(request("""
                {"messages":[{"role":"user","content":"hi"}],"reasoning_effort":"high"}""", "claude-3-5-haiku-latest", null));
        assertThat(sent().has("thinking")).isFalse();
        assertThat(old.finishReason()).isEqualTo("stop");
    }

    @Test
    void shouldFailOverBeforeAnythingReachedTheClientWhenOverloadedRightAfterMessageStart() {
        sim.state().injectFault("anthropic", Fault.parse("error-after-start"), 1);
        Collector sink = new Collector();

        assertThatThrownBy(() -> anthropic.stream(request("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", MODEL, null), sink))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.OVERLOADED);
                    assertThat(e.kind().retryable()).isTrue();
                });
        assertThat(sink.chunks).isEmpty();
    }

    @Test
    void shouldNotRetryAnAccountOutOfCreditOrOverItsSpendLimitButStillRetryARateLimit() {
        String hi = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        sim.state().injectFault("anthropic", Fault.parse("billing"), 1);
        assertThatThrownBy(() -> anthropic.chat(request(hi, MODEL, null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind().retryable()).isFalse();
                    assertThat(e.kind().fault()).isNotEqualTo(FailureKind.Fault.CALLER);
                    assertThat(e.httpStatus()).isEqualTo(400);
                });
        sim.state().injectFault("anthropic", Fault.parse("spend-limit"), 1);
        assertThatThrownBy(() -> anthropic.stream(request(hi, MODEL, null), new Collector()))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind().retryable()).isFalse();
                    assertThat(e.httpStatus()).isEqualTo(429);
                });
        sim.state().injectFault("anthropic", Fault.status(429), 1);
        assertThatThrownBy(() -> anthropic.chat(request(hi, MODEL, null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED));
    }
}
