package xyz.pura.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xyz.pura.providers.fixtures.Fixtures.body;
import static xyz.pura.providers.fixtures.Fixtures.config;
import static xyz.pura.providers.fixtures.Fixtures.json;
import static xyz.pura.providers.fixtures.Fixtures.parse;
import static xyz.pura.providers.fixtures.Fixtures.request;
import static xyz.pura.providers.fixtures.Fixtures.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
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

class GeminiProviderTest {
    private static final String HELLO = """
            {"messages":[{"role":"user","content":"Hello"}]}""";
    private static final String HELLO_WITH_USAGE = """
            {"messages":[{"role":"user","content":"Hello"}],"stream":true,"stream_options":{"include_usage":true}}""";

    private MockWebServer server;
    private GeminiProvider provider;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        provider = new GeminiProvider(config(ProviderId.GEMINI, server, "gateway-key"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldTranslateATextStreamIntoOpenAiChunksWithOneIdAndTheRoleFirst() throws Exception {
        server.enqueue(sse("gemini/text.sse"));
        Collector sink = new Collector();

        ChatResult result = provider.stream(request(HELLO_WITH_USAGE, "gemini-2.5-flash", null), sink);

        assertThat(sink.chunks).allSatisfy(c -> {
            assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.path("id").asText()).isEqualTo("chatcmpl-mCJRaLbOGYa2nvgPz5-a0Qk");
        });
        assertThat(sink.chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(sink.content()).isEqualTo("Hello, world!");
        assertThat(sink.finishReasons()).containsExactly("stop");
        assertThat(result.finishReason()).isEqualTo("stop");
    }

    @Test
    void shouldCountThoughtsAsReasoningInsideCompletionTokensAndCachedInsidePromptTokens() throws Exception {
        server.enqueue(sse("gemini/text.sse"));
        Collector sink = new Collector();

        ChatResult result = provider.stream(request(HELLO_WITH_USAGE, "gemini-2.5-flash", null), sink);

        ObjectNode last = sink.chunks.get(sink.chunks.size() - 1);
        assertThat(last.path("choices")).isEmpty();
        assertThat(last.at("/usage/prompt_tokens").asInt()).isEqualTo(1200);
        assertThat(last.at("/usage/completion_tokens").asInt()).isEqualTo(4 + 47);
        assertThat(last.at("/usage/total_tokens").asInt()).isEqualTo(1251);
        assertThat(last.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(1024);
        assertThat(last.at("/usage/completion_tokens_details/reasoning_tokens").asInt()).isEqualTo(47);
        assertThat(result.usage()).isEqualTo(new ChatResult.Usage(1200, 51, 1024, 47));
    }

    @Test
    void shouldEmitEachWholeFunctionCallAsOneToolCallDeltaWithItsOwnIndexAndId() throws Exception {
        server.enqueue(sse("gemini/function_call.sse"));
        Collector sink = new Collector();

        ChatResult result = provider.stream(request(HELLO, "gemini-2.0-flash", null), sink);

        List<JsonNode> calls = sink.chunks.stream().map(c -> c.at("/choices/0/delta/tool_calls/0"))
                .filter(tc -> !tc.isMissingNode()).toList();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).path("index").asInt()).isZero();
        assertThat(calls.get(0).at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(calls.get(1).path("index").asInt()).isEqualTo(1);
        assertThat(calls.get(1).at("/function/name").asText()).isEqualTo("get_time");
        assertThat(calls).allSatisfy(tc -> {
            assertThat(tc.path("id").asText()).startsWith("call_");
            assertThat(tc.path("type").asText()).isEqualTo("function");
        });
        assertThat(calls.get(0).path("id").asText()).isNotEqualTo(calls.get(1).path("id").asText());
        assertThat(parse(sink.arguments(0))).isEqualTo(parse("{\"city\":\"Paris\",\"days\":3}"));
        assertThat(parse(sink.arguments(1))).isEqualTo(parse("{}"));
        assertThat(sink.content()).isEqualTo("Checking.");
        assertThat(sink.finishReasons()).containsExactly("tool_calls");
        assertThat(result.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void shouldFailWithStreamErrorAfterDeliveringTheChunksBeforeTheErrorObject() {
        server.enqueue(sse("gemini/error_mid_stream.sse"));
        Collector sink = new Collector();

        assertThatThrownBy(() -> provider.stream(request(HELLO, "gemini-2.0-flash", null), sink))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.STREAM_ERROR);
                    assertThat(e.getMessage()).contains("INTERNAL").contains("internal error");
                });
        assertThat(sink.content()).isEqualTo("Partial");
    }

    @Test
    void shouldCancelAndCarryThePartialTextWhenTheClientGoesAway() {
        server.enqueue(sse("gemini/text.sse"));
        int[] seen = {0};

        assertThatThrownBy(() -> provider.stream(request(HELLO, "gemini-2.5-flash", null), chunk -> {
            if (++seen[0] == 2) {
                throw new IOException("client gone");
            }
        })).isInstanceOfSatisfying(StreamAbortedException.class, e -> {
            assertThat(e.partial().outputText()).isEqualTo("Hello");
            assertThat(e.partial().usage().inputTokens()).isEqualTo(1200);
        });
    }

    @Test
    void shouldTranslateAResponseIntoACompletion() throws Exception {
        server.enqueue(json(200, "gemini/response.json"));

        ChatResult result = provider.chat(request(HELLO, "gemini-2.5-flash", null));

        ObjectNode c = result.completion();
        assertThat(c.path("object").asText()).isEqualTo("chat.completion");
        assertThat(c.path("id").asText()).isEqualTo("chatcmpl-Zy1RaPi8Ooqtnvgp_qfM4A0");
        assertThat(c.path("model").asText()).isEqualTo("gemini-2.5-flash");
        assertThat(c.at("/choices/0/message/content").asText()).isEqualTo("The answer is 4.");
        assertThat(c.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(c.at("/usage/completion_tokens").asInt()).isEqualTo(53);
        assertThat(c.at("/usage/completion_tokens_details/reasoning_tokens").asInt()).isEqualTo(47);
        assertThat(result.usage()).isEqualTo(new ChatResult.Usage(1200, 53, 1024, 47));
    }

    @Test
    void shouldTranslateFunctionCallPartsIntoToolCalls() throws Exception {
        server.enqueue(json(200, "gemini/function_call.json"));

        ChatResult result = provider.chat(request(HELLO, "gemini-2.0-flash", null));

        JsonNode message = result.completion().at("/choices/0/message");
        assertThat(message.path("content").isNull()).isTrue();
        assertThat(message.path("tool_calls")).hasSize(2);
        assertThat(parse(message.at("/tool_calls/0/function/arguments").asText())).isEqualTo(parse("{\"city\":\"Paris\",\"days\":3}"));
        assertThat(message.at("/tool_calls/1/function/arguments").asText()).isEqualTo("{}");
        assertThat(result.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void shouldMapSafetyToContentFilterAndMaxTokensToLength() throws Exception {
        server.enqueue(json(200, "gemini/safety.json"));
        server.enqueue(json(200, "gemini/max_tokens.json"));

        assertThat(provider.chat(request(HELLO, "gemini-2.0-flash", null)).finishReason()).isEqualTo("content_filter");
        assertThat(provider.chat(request(HELLO, "gemini-2.0-flash", null)).finishReason()).isEqualTo("length");
    }

    @Test
    void shouldClassifyGoogles429AsRateLimited() {
        server.enqueue(json(429, "gemini/error_429.json"));

        assertThatThrownBy(() -> provider.chat(request(HELLO, "gemini-2.0-flash", null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
                    assertThat(e.getMessage()).contains("Resource has been exhausted");
                });
    }

    @Test
    void shouldTranslateTheRequestIntoGenerateContentShape() throws Exception {
        server.enqueue(json(200, "gemini/response.json"));
        String openAi = """
                {"messages":[
                  {"role":"system","content":"You are terse."},
                  {"role":"user","content":[{"type":"text","text":"What is here?"},
                                            {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},
                  {"role":"assistant","content":"Let me look.","tool_calls":[
                     {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                     {"id":"call_2","type":"function","function":{"name":"get_time","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"{\\"temp\\":21}"},
                  {"role":"tool","tool_call_id":"call_2","content":"12:00"},
                  {"role":"user","content":"Thanks"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather","strict":true,
                           "parameters":{"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
                                         "additionalProperties":false,
                                         "properties":{"city":{"type":"string","format":"email"},
                                                       "unit":{"type":["string","null"],"enum":["C","F"]}},
                                         "required":["city"]}}},
                          {"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{}}}}],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}},
                 "temperature":1.5,"top_p":0.9,"max_tokens":100,"stop":"END","n":2,"seed":7,
                 "response_format":{"type":"json_object"}}""";

        provider.chat(request(openAi, "gemini-2.0-flash", null));

        RecordedRequest recorded = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(recorded.getTarget()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
        assertThat(recorded.getHeaders().get("x-goog-api-key")).isEqualTo("gateway-key");
        ObjectNode b = body(recorded);
        assertThat(b.path("systemInstruction")).isEqualTo(parse("{\"parts\":[{\"text\":\"You are terse.\"}]}"));
        assertThat(b.path("contents")).isEqualTo(parse("""
                [{"role":"user","parts":[{"text":"What is here?"},{"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}}]},
                 {"role":"model","parts":[{"text":"Let me look."},
                                          {"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},
                                          {"functionCall":{"name":"get_time","args":{}}}]},
                 {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"temp":21}}},
                                         {"functionResponse":{"name":"get_time","response":{"result":"12:00"}}},
                                         {"text":"Thanks"}]}]"""));
        assertThat(b.path("tools")).isEqualTo(parse("""
                [{"functionDeclarations":[
                  {"name":"get_weather","description":"Weather",
                   "parameters":{"type":"OBJECT","properties":{"city":{"type":"STRING"},
                                                               "unit":{"type":"STRING","nullable":true,"enum":["C","F"]}},
                                 "required":["city"]}},
                  {"name":"get_time"}]}]"""));
        assertThat(b.path("toolConfig")).isEqualTo(parse(
                "{\"functionCallingConfig\":{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_weather\"]}}"));
        JsonNode g = b.path("generationConfig");
        assertThat(g.path("temperature").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(g.path("topP").decimalValue()).isEqualByComparingTo("0.9");
        assertThat(g.path("maxOutputTokens").asInt()).isEqualTo(100);
        assertThat(g.path("stopSequences")).isEqualTo(parse("[\"END\"]"));
        assertThat(g.path("candidateCount").asInt()).isEqualTo(2);
        assertThat(g.path("seed").asInt()).isEqualTo(7);
        assertThat(g.path("responseMimeType").asText()).isEqualTo("application/json");
    }

    @Test
    void shouldStreamFromStreamGenerateContentWithAltSse() throws Exception {
        server.enqueue(sse("gemini/text.sse"));

        provider.stream(request("""
                {"messages":[{"role":"user","content":"Hi"}],"tool_choice":"none",
                 "tools":[{"type":"function","function":{"name":"f"}}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"x","schema":
                   {"type":"object","properties":{"a":{"type":"integer"}},"additionalProperties":false}}}}""",
                "models/gemini-2.0-flash", null), new Collector());

        RecordedRequest recorded = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(recorded.getTarget()).isEqualTo("/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
        ObjectNode b = body(recorded);
        assertThat(b.at("/toolConfig/functionCallingConfig/mode").asText()).isEqualTo("NONE");
        assertThat(b.at("/generationConfig/responseSchema")).isEqualTo(parse(
                "{\"type\":\"OBJECT\",\"properties\":{\"a\":{\"type\":\"INTEGER\"}}}"));
    }

    @Test
    void shouldSendTheCallersByokKeyInsteadOfTheGatewayKey() throws Exception {
        server.enqueue(json(200, "gemini/response.json"));

        provider.chat(request(HELLO, "gemini-2.0-flash", "callers-own-key"));

        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("x-goog-api-key")).isEqualTo("callers-own-key");
    }

    @Test
    void shouldRefuseAToolResultThatAnswersNoKnownToolCallBeforeAnyRequestReachesGemini() {
        assertThatThrownBy(() -> provider.chat(request("""
                {"messages":[{"role":"user","content":"Hi"},{"role":"tool","tool_call_id":"call_unknown","content":"x"}]}""",
                "gemini-2.0-flash", null)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.param()).isEqualTo("messages[1].tool_call_id"));

        assertThat(server.getRequestCount()).isZero();
    }
}
