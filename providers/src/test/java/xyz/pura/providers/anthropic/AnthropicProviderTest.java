package xyz.pura.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xyz.pura.providers.fixtures.Fixtures.body;
import static xyz.pura.providers.fixtures.Fixtures.config;
import static xyz.pura.providers.fixtures.Fixtures.json;
import static xyz.pura.providers.fixtures.Fixtures.parse;
import static xyz.pura.providers.fixtures.Fixtures.read;
import static xyz.pura.providers.fixtures.Fixtures.request;
import static xyz.pura.providers.fixtures.Fixtures.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;
import xyz.pura.events.chat.InvalidRequestException;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.StreamAbortedException;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.fixtures.Fixtures.Collector;

class AnthropicProviderTest {
    private static final String HELLO = """
            {"messages":[{"role":"user","content":"Hello"}]}""";
    private static final String HELLO_WITH_USAGE = """
            {"messages":[{"role":"user","content":"Hello"}],"stream":true,"stream_options":{"include_usage":true}}""";

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

    @Test
    void shouldTranslateATextStreamIntoOpenAiChunksWithOneIdAndTheRoleFirst() throws Exception {
        server.enqueue(sse("anthropic/text.sse"));
        Collector sink = new Collector();

        ChatResult result = provider.stream(request(HELLO_WITH_USAGE, "claude-sonnet-4", null), sink);

        assertThat(sink.chunks).allSatisfy(c -> {
            assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.path("id").asText()).isEqualTo("chatcmpl-msg_01XFDUDYJgAACzvnptvVoYEL");
            assertThat(c.path("model").asText()).isEqualTo("claude-sonnet-4-20250514");
        });
        assertThat(sink.chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(sink.content()).isEqualTo("Hello, world");
        assertThat(sink.finishReasons()).containsExactly("stop");
        assertThat(result.outputText()).isEqualTo("Hello, world");
        assertThat(result.finishReason()).isEqualTo("stop");
    }

    @Test
    void shouldReportCacheTokensInsidePromptTokensAndApartAsCachedNeverDoubleCounted() throws Exception {
        server.enqueue(sse("anthropic/text.sse"));
        Collector sink = new Collector();

        ChatResult result = provider.stream(request(HELLO_WITH_USAGE, "claude-sonnet-4", null), sink);

        ObjectNode last = sink.chunks.get(sink.chunks.size() - 1);
        assertThat(last.path("choices")).isEmpty();
        assertThat(last.at("/usage/prompt_tokens").asInt()).isEqualTo(25 + 100 + 20);
        assertThat(last.at("/usage/completion_tokens").asInt()).isEqualTo(12);
        assertThat(last.at("/usage/total_tokens").asInt()).isEqualTo(157);
        assertThat(last.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(100);
        assertThat(result.usage()).isEqualTo(new ChatResult.Usage(145, 12, 100, null, 20, null)); // 20 written to the 5-minute cache
    }

    @Test
    void shouldSendNoUsageChunkWhenTheClientDidNotAskButStillReportUsage() throws Exception {
        server.enqueue(sse("anthropic/text.sse"));
        Collector sink = new Collector();

        ChatResult result = provider.stream(request(HELLO, "claude-sonnet-4", null), sink);

        assertThat(sink.chunks).allSatisfy(c -> {
            assertThat(c.path("choices")).hasSize(1);
            assertThat(c.has("usage")).isFalse();
        });
        assertThat(result.usage().inputTokens()).isEqualTo(145);
    }

    @Test
    void shouldStreamToolUseAsToolCallsWhoseArgumentsArriveWholeWhenConcatenated() throws Exception {
        server.enqueue(sse("anthropic/tool_use.sse"));
        Collector sink = new Collector();

        ChatResult result = provider.stream(request(HELLO, "claude-sonnet-4", null), sink);

        JsonNode firstCall = sink.chunks.stream().map(c -> c.at("/choices/0/delta/tool_calls/0"))
                .filter(tc -> tc.path("id").isTextual()).findFirst().orElseThrow();
        assertThat(firstCall.path("index").asInt()).isZero();
        assertThat(firstCall.path("id").asText()).isEqualTo("toolu_01T1x1fJ34qAmk2tNTrN7Up6");
        assertThat(firstCall.path("type").asText()).isEqualTo("function");
        assertThat(firstCall.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(firstCall.at("/function/arguments").asText()).isEmpty();
        assertThat(parse(sink.arguments(0))).isEqualTo(parse("{\"city\":\"Paris\",\"days\":3}"));
        assertThat(parse(sink.arguments(1))).isEqualTo(parse("{}"));
        assertThat(sink.content()).isEqualTo("Let me check.");
        assertThat(sink.finishReasons()).containsExactly("tool_calls");
        assertThat(result.outputText()).contains("get_weather").contains("get_time");
    }

    @Test
    void shouldFailWithStreamErrorAfterDeliveringTheChunksBeforeTheErrorEvent() {
        server.enqueue(sse("anthropic/error_mid_stream.sse"));
        Collector sink = new Collector();

        assertThatThrownBy(() -> provider.stream(request(HELLO, "claude-sonnet-4", null), sink))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.STREAM_ERROR);
                    assertThat(e.getMessage()).contains("api_error").contains("Internal server error");
                });
        assertThat(sink.content()).isEqualTo("Partial");
    }

    @Test
    void shouldClassifyAnOverloadedErrorEventAsOverloaded() {
        server.enqueue(sse("anthropic/overloaded_mid_stream.sse"));

        assertThatThrownBy(() -> provider.stream(request(HELLO, "claude-sonnet-4", null), new Collector()))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.OVERLOADED));
    }

    @Test
    void shouldTreatAStreamEndingBeforeMessageStopAsADroppedConnection() {
        server.enqueue(sse("anthropic/truncated.sse"));
        Collector sink = new Collector();

        assertThatThrownBy(() -> provider.stream(request(HELLO, "claude-sonnet-4", null), sink))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TRANSPORT));
        assertThat(sink.content()).isEqualTo("Cut");
    }

    @Test
    void shouldCancelAndCarryThePartialTextWhenTheClientGoesAway() {
        server.enqueue(sse("anthropic/text.sse"));
        int[] seen = {0};

        assertThatThrownBy(() -> provider.stream(request(HELLO, "claude-sonnet-4", null), chunk -> {
            if (++seen[0] == 3) {
                throw new IOException("client gone");
            }
        })).isInstanceOfSatisfying(StreamAbortedException.class, e -> {
            assertThat(e.partial().outputText()).isEqualTo("Hello, world");
            assertThat(e.partial().finishReason()).isNull();
            assertThat(e.partial().usage().inputTokens()).isEqualTo(145);
        });
        assertThat(seen[0]).isEqualTo(3);
    }

    @Test
    void shouldTranslateAMessageIntoACompletionWithCacheAwareUsage() throws Exception {
        server.enqueue(json(200, "anthropic/message.json"));

        ChatResult result = provider.chat(request(HELLO, "claude-sonnet-4", null));

        ObjectNode c = result.completion();
        assertThat(c.path("object").asText()).isEqualTo("chat.completion");
        assertThat(c.path("id").asText()).isEqualTo("chatcmpl-msg_013Zva2CMHLNnXjNJJKqJ2EF");
        assertThat(c.path("created").asLong()).isPositive();
        assertThat(c.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(c.at("/choices/0/message/content").asText()).isEqualTo("Hi! My name is Claude.");
        assertThat(c.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(c.at("/usage/prompt_tokens").asInt()).isEqualTo(145);
        assertThat(c.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(100);
        assertThat(c.at("/usage/completion_tokens").asInt()).isEqualTo(12);
        assertThat(result.usage()).isEqualTo(new ChatResult.Usage(145, 12, 100, null, 20, null)); // 20 written to the 5-minute cache
    }

    @Test
    void shouldTranslateToolUseBlocksIntoToolCallsWithJsonStringArguments() throws Exception {
        server.enqueue(json(200, "anthropic/tool_use.json"));

        ChatResult result = provider.chat(request(HELLO, "claude-sonnet-4", null));

        JsonNode call = result.completion().at("/choices/0/message/tool_calls/0");
        assertThat(call.path("id").asText()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(parse(call.at("/function/arguments").asText())).isEqualTo(parse("{\"city\":\"Paris\",\"days\":3}"));
        assertThat(result.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void shouldMapMaxTokensToLength() throws Exception {
        server.enqueue(json(200, "anthropic/max_tokens.json"));

        assertThat(provider.chat(request(HELLO, "claude-sonnet-4", null)).finishReason()).isEqualTo("length");
    }

    @Test
    void shouldClassify529AsOverloaded() {
        server.enqueue(json(529, "anthropic/error_529.json"));

        assertThatThrownBy(() -> provider.chat(request(HELLO, "claude-sonnet-4", null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.OVERLOADED);
                    assertThat(e.getMessage()).contains("Overloaded");
                });
    }

    @Test
    void shouldTranslateTheRequestIntoAnthropicsMessagesShape() throws Exception {
        server.enqueue(json(200, "anthropic/message.json"));
        String openAi = """
                {"messages":[
                  {"role":"system","content":"You are terse."},
                  {"role":"developer","content":"Answer in English."},
                  {"role":"user","content":[{"type":"text","text":"What is here?"},
                                            {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
                                            {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]},
                  {"role":"assistant","content":null,"tool_calls":[
                     {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                     {"id":"call_2","type":"function","function":{"name":"get_time","arguments":""}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"{\\"temp\\":21}"},
                  {"role":"tool","tool_call_id":"call_2","content":"12:00"},
                  {"role":"user","content":"Thanks"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather",
                           "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
                          {"type":"function","function":{"name":"get_time"}}],
                 "tool_choice":"required","temperature":1.5,"top_p":0.9,"stop":["END"],"user":"user-42"}""";

        provider.chat(request(openAi, "claude-sonnet-4", null));

        RecordedRequest recorded = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/messages");
        assertThat(recorded.getHeaders().get("x-api-key")).isEqualTo("gateway-key");
        assertThat(recorded.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(recorded.getHeaders().get("Authorization")).isNull();
        ObjectNode b = body(recorded);
        assertThat(b.path("model").asText()).isEqualTo("claude-sonnet-4");
        assertThat(b.path("system").asText()).isEqualTo("You are terse.\n\nAnswer in English.");
        assertThat(b.path("max_tokens").asInt()).isEqualTo(4096);
        assertThat(b.has("stream")).isFalse();
        assertThat(b.path("messages")).hasSize(3);
        assertThat(b.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(b.at("/messages/0/content/1")).isEqualTo(parse(
                "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}}"));
        assertThat(b.at("/messages/0/content/2/source")).isEqualTo(parse("{\"type\":\"url\",\"url\":\"https://example.com/cat.jpg\"}"));
        assertThat(b.at("/messages/1/role").asText()).isEqualTo("assistant");
        assertThat(b.at("/messages/1/content")).isEqualTo(parse("""
                [{"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}},
                 {"type":"tool_use","id":"call_2","name":"get_time","input":{}}]"""));
        assertThat(b.at("/messages/2/role").asText()).isEqualTo("user");
        assertThat(b.at("/messages/2/content")).isEqualTo(parse("""
                [{"type":"tool_result","tool_use_id":"call_1","content":"{\\"temp\\":21}"},
                 {"type":"tool_result","tool_use_id":"call_2","content":"12:00"},
                 {"type":"text","text":"Thanks"}]"""));
        assertThat(b.at("/tools/0")).isEqualTo(parse("""
                {"name":"get_weather","description":"Weather",
                 "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}"""));
        assertThat(b.at("/tools/1/input_schema/type").asText()).isEqualTo("object");
        assertThat(b.path("tool_choice")).isEqualTo(parse("{\"type\":\"any\"}"));
        assertThat(b.path("temperature").decimalValue()).isEqualByComparingTo("1");
        assertThat(b.has("top_p")).isFalse(); // temperature wins: Claude 4.5 refuses the two together
        assertThat(b.path("stop_sequences")).isEqualTo(parse("[\"END\"]"));
        assertThat(b.at("/metadata/user_id").asText()).isEqualTo("user-42");
    }

    @Test
    void shouldAskForStreamingAndTakeMaxTokensFromTheRequest() throws Exception {
        server.enqueue(sse("anthropic/text.sse"));

        provider.stream(request("""
                {"messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":77,
                 "tool_choice":{"type":"function","function":{"name":"f"}},
                 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{}}}}],
                 "response_format":{"type":"json_object"}}""", "claude-sonnet-4", null), new Collector());

        ObjectNode b = body(server.takeRequest(1, TimeUnit.SECONDS));
        assertThat(b.path("stream").asBoolean()).isTrue();
        assertThat(b.path("max_tokens").asInt()).isEqualTo(77);
        assertThat(b.path("tool_choice")).isEqualTo(parse("{\"type\":\"tool\",\"name\":\"f\"}"));
        assertThat(b.path("system").asText()).contains("JSON object");
    }

    @Test
    void shouldSendTheCallersByokKeyInsteadOfTheGatewayKey() throws Exception {
        server.enqueue(json(200, "anthropic/message.json"));

        provider.chat(request(HELLO, "claude-sonnet-4", "sk-ant-callers-own"));

        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("x-api-key")).isEqualTo("sk-ant-callers-own");
    }

    @Test
    void shouldRefuseMoreThanOneChoiceBeforeAnyRequestReachesAnthropic() {
        assertThatThrownBy(() -> provider.chat(request("""
                {"messages":[{"role":"user","content":"Hi"}],"n":2}""", "claude-sonnet-4", null)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.param()).isEqualTo("n"));
        assertThatThrownBy(() -> provider.stream(request("""
                {"messages":[{"role":"user","content":"Hi"}],"n":2,"stream":true}""", "claude-sonnet-4", null), new Collector()))
                .isInstanceOf(InvalidRequestException.class);

        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void shouldRefuseUnparseableToolArgumentsBeforeAnyRequestReachesAnthropic() {
        assertThatThrownBy(() -> provider.chat(request("""
                {"messages":[{"role":"user","content":"Hi"},
                  {"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"not json"}}]},
                  {"role":"tool","tool_call_id":"c","content":"x"}]}""", "claude-sonnet-4", null)))
                .isInstanceOf(InvalidRequestException.class);

        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void shouldTimeOutATranslatedStreamWhoseUpstreamFallsSilent() {
        // the events up to the first text delta at once, then nothing for 3 s; the read timeout is 400 ms
        String events = read("anthropic/text.sse");
        int firstContent = events.indexOf("\n\n", events.indexOf("\"Hello\"")) + 2;
        server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                .body(events).throttleBody(firstContent, 3, TimeUnit.SECONDS).build());
        AnthropicProvider impatient = new AnthropicProvider(new xyz.pura.providers.ProviderConfig(ProviderId.ANTHROPIC,
                server.url("/").toString(), "gateway-key", java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(400)));
        Collector sink = new Collector();
        long start = System.nanoTime();

        assertThatThrownBy(() -> impatient.stream(request(HELLO, "claude-sonnet-4", null), sink))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT));
        assertThat(sink.content()).isEqualTo("Hello");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofMillis(2_500));
    }
}
