package xyz.pura.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xyz.pura.providers.fixtures.Fixtures.config;
import static xyz.pura.providers.fixtures.Fixtures.json;
import static xyz.pura.providers.fixtures.Fixtures.parse;
import static xyz.pura.providers.fixtures.Fixtures.request;
import static xyz.pura.providers.fixtures.Fixtures.sse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;
import xyz.pura.events.chat.InvalidRequestException;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.fixtures.Fixtures.Collector;

/** The translation rules Anthropic's own refusals imposed: sampling, stop sequences, cache breakpoints, thinking, billing. */
class AnthropicTranslationTest {
    private static final String HI = "{\"role\":\"user\",\"content\":\"hi\"}";

    private MockWebServer server;
    private AnthropicProvider provider;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        provider = new AnthropicProvider(config(ProviderId.ANTHROPIC, server, "gateway-key"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static ObjectNode map(String chat, String model) {
        return AnthropicRequestMapper.map(request(chat, model, null), false);
    }

    @Test
    void shouldSendTopPAloneWhenNoTemperatureIsGiven() {
        ObjectNode out = map("{\"messages\":[" + HI + "],\"top_p\":0.7}", "claude-opus-4-1");

        assertThat(out.path("top_p").decimalValue()).isEqualByComparingTo("0.7");
        assertThat(out.has("temperature")).isFalse();
    }

    @Test
    void shouldMarkTheLastBlockOfAMessageWithTheMessagesOwnCacheControlAndKeepAFunctionsOne() {
        ObjectNode out = map("""
                {"messages":[{"role":"system","content":"Policy text","cache_control":{"type":"ephemeral"}},
                             {"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}],
                              "cache_control":{"type":"ephemeral","ttl":"5m"}}],
                 "tools":[{"type":"function","function":{"name":"f","cache_control":{"type":"ephemeral"}}}]}""", "claude-sonnet-4");

        assertThat(out.path("system")).isEqualTo(parse("[{\"type\":\"text\",\"text\":\"Policy text\",\"cache_control\":{\"type\":\"ephemeral\"}}]"));
        assertThat(out.at("/messages/0/content/0/cache_control").isMissingNode()).isTrue();
        assertThat(out.at("/messages/0/content/1/cache_control")).isEqualTo(parse("{\"type\":\"ephemeral\",\"ttl\":\"5m\"}"));
        assertThat(out.at("/tools/0/cache_control")).isEqualTo(parse("{\"type\":\"ephemeral\"}"));
    }

    @Test
    void shouldKeepSystemAStringWithoutBreakpointsAndRefuseAMalformedBreakpoint() {
        assertThat(map("{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"}," + HI + "]}", "claude-sonnet-4")
                .path("system").asText()).isEqualTo("Be brief.");

        assertThatThrownBy(() -> map("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"a","cache_control":{"type":"ephemeral","ttl":"2h"}}]}]}""",
                "claude-sonnet-4"))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.param()).isEqualTo("messages[0].content[0].cache_control"));
    }

    @Test
    void shouldMapEachEffortToItsDocumentedBudgetAndRaiseMaxTokensAboveIt() {
        ObjectNode low = map("{\"messages\":[" + HI + "],\"reasoning_effort\":\"low\"}", "claude-3-7-sonnet-latest");
        ObjectNode medium = map("{\"messages\":[" + HI + "],\"reasoning_effort\":\"medium\",\"max_tokens\":10000}", "claude-opus-4-1");
        ObjectNode high = map("{\"messages\":[" + HI + "],\"reasoning_effort\":\"high\",\"max_tokens\":500}", "claude-haiku-4-5");

        assertThat(low.at("/thinking/budget_tokens").asInt()).isEqualTo(AnthropicThinking.LOW).isEqualTo(1024);
        assertThat(low.path("max_tokens").asInt()).isEqualTo(1024 + AnthropicRequestMapper.DEFAULT_MAX_TOKENS);
        assertThat(medium.at("/thinking/budget_tokens").asInt()).isEqualTo(4096);
        assertThat(medium.path("max_tokens").asInt()).isEqualTo(10000); // already above the budget: the caller's limit stands
        assertThat(high.at("/thinking/budget_tokens").asInt()).isEqualTo(16384);
        assertThat(high.path("max_tokens").asInt()).isEqualTo(16384 + 500);
    }

    @Test
    void shouldLeaveThinkingOffWhenToolUseIsForcedOrTheLastAssistantTurnCalledTools() {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";
        ObjectNode forced = map("{\"messages\":[" + HI + "],\"reasoning_effort\":\"low\",\"tool_choice\":\"required\"," + tools + "}",
                "claude-sonnet-4-5");
        ObjectNode toolLoop = map("""
                {"messages":[{"role":"user","content":"hi"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"c1","content":"ok"}],"reasoning_effort":"low",""" + tools + "}", "claude-sonnet-4-5");

        assertThat(forced.has("thinking")).isFalse();
        assertThat(forced.at("/tool_choice/type").asText()).isEqualTo("any");
        assertThat(toolLoop.has("thinking")).isFalse();
    }

    @Test
    void shouldRefuseAnUnknownEffort() {
        assertThatThrownBy(() -> map("{\"messages\":[" + HI + "],\"reasoning_effort\":\"extreme\"}", "claude-sonnet-4-5"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.param()).isEqualTo("reasoning_effort"));
    }

    @Test
    void shouldExposeThinkingAsReasoningContentWholeAndStreamedWithoutCountingItAsOutputText() throws Exception {
        server.enqueue(json(200, "billed/anthropic-thinking.json"));
        server.enqueue(sse("billed/anthropic-thinking.sse"));
        String chat = "{\"messages\":[" + HI + "]}";

        ChatResult whole = provider.chat(request(chat, "claude-sonnet-4-5", null));
        Collector sink = new Collector();
        ChatResult streamed = provider.stream(request(chat, "claude-sonnet-4-5", null), sink);

        assertThat(whole.completion().at("/choices/0/message/reasoning_content").asText()).isEqualTo("The user asks for the answer; it is 42.");
        assertThat(whole.outputText()).isEqualTo("The answer is 42.");
        assertThat(sink.chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(sink.chunks.get(1).at("/choices/0/delta/reasoning_content").asText()).isEqualTo("The user asks for the answer; it is 42.");
        assertThat(streamed.outputText()).isEqualTo("The answer is 42.");
        assertThat(streamed.usage()).isEqualTo(whole.usage());
    }

    @Test
    void shouldSendNothingToTheClientWhenTheStreamIsOverloadedBeforeAnyContent() {
        server.enqueue(sse("anthropic/overloaded_mid_stream.sse"));
        Collector sink = new Collector();

        assertThatThrownBy(() -> provider.stream(request("{\"messages\":[" + HI + "]}", "claude-sonnet-4", null), sink))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.OVERLOADED));
        assertThat(sink.chunks).isEmpty();
    }

    @Test
    void shouldClassifyBillingErrorsAndSpendLimitsAsNotRetryableAndPlainRateLimitsAsRetryable() {
        String chat = "{\"messages\":[" + HI + "]}";
        server.enqueue(error(400, "billing_error", "Billing problem."));
        server.enqueue(error(403, "billing_error", "Billing problem."));
        server.enqueue(error(429, "rate_limit_error", "Workspace enforced_spend_limit_reached."));
        server.enqueue(error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit."));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> provider.chat(request(chat, "claude-sonnet-4", null)))
                    .isInstanceOfSatisfying(UpstreamException.class, e -> {
                        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION);
                        assertThat(e.kind().retryable()).isFalse();
                    });
        }
        assertThatThrownBy(() -> provider.chat(request(chat, "claude-sonnet-4", null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED));
    }

    private static MockResponse error(int status, String type, String message) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
                .body("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}").build();
    }
}
