package xyz.pura.events.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;

class ChatRequestParserTest {

    private static ChatRequest parse(String json, boolean defaultStream) {
        return ChatRequestParser.parse(json.getBytes(StandardCharsets.UTF_8), defaultStream);
    }

    private static InvalidRequestException refusal(String json) {
        try {
            parse(json, false);
        } catch (InvalidRequestException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void shouldDefaultStreamByEndpoint() {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(parse(body, false).stream()).isFalse();
        assertThat(parse(body, true).stream()).isTrue();
        assertThat(parse("{\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", true).stream()).isFalse();
    }

    @Test
    void shouldTreatAutoAndMissingModelAsAutomaticRouting() {
        assertThat(parse("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", false).model()).isNull();
        assertThat(parse("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", false).model()).isNull();
        assertThat(parse("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", false).model()).isEqualTo("gpt-4o");
    }

    @Test
    void shouldReadRoutingHintsAndMaxTokens() {
        ChatRequest r = parse("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"routing\":{\"quality\":\"high\","
                + "\"prefer\":\"anthropic\"},\"max_tokens\":5,\"stream_options\":{\"include_usage\":true}}", false);
        assertThat(r.routing()).isEqualTo(new RoutingHints("high", ProviderId.ANTHROPIC));
        assertThat(r.maxTokens()).isEqualTo(5);
        assertThat(r.includeUsage()).isTrue();
    }

    @Test
    void shouldAcceptContentPartsToolCallsAndToolResults() {
        ChatRequest r = parse("""
                {"messages":[
                  {"role":"system","content":"be brief"},
                  {"role":"user","content":[{"type":"text","text":"what is this"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AA=="}}]},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"c1","content":"42"}
                ],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]}""", false);
        assertThat(r.messages()).hasSize(4);
        assertThat(r.messages().get(1).text()).isEqualTo("what is this");
        assertThat(r.messages().get(1).hasImage()).isTrue();
        assertThat(r.hasTools()).isTrue();
    }

    @Test
    void shouldNameTheOffendingFieldWhenRefusing() {
        assertThat(refusal("{\"messages\":[{\"role\":\"user\"}]}").param()).isEqualTo("messages[0].content");
        assertThat(refusal("{\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}").param()).isEqualTo("messages[0].tool_call_id");
        assertThat(refusal("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stop\":[1]}").param()).isEqualTo("stop");
        assertThat(refusal("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":99}").param()).isEqualTo("n");
        assertThat(refusal("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"routing\":{\"prefer\":\"acme\"}}").param())
                .isEqualTo("routing.prefer");
        assertThat(refusal("{\"messages\":[{\"role\":\"user\",\"content\":[\"x\"]}]}").param()).isEqualTo("messages[0].content[0]");
    }

    @Test
    void shouldRefuseNonObjectsAndBrokenJson() {
        assertThatThrownBy(() -> parse("", false)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("{", false)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parse("null", false)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> parse("\"text\"", false)).isInstanceOf(InvalidRequestException.class);
    }

    private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    /** A 600 KB model name once reached RequestAccepted, which Kafka refused as too large, and was retried forever. */
    @Test
    void shouldRefuseOverlongOrMalformedModelNames() {
        InvalidRequestException huge = refusal("{" + HI + ",\"model\":\"gpt-4o-" + "a".repeat(600_000) + "\"}");
        assertThat(huge.param()).isEqualTo("model");
        assertThat(huge.getMessage()).hasSizeLessThan(200);
        assertThat(refusal("{" + HI + ",\"model\":\"gpt 4o\"}").param()).isEqualTo("model");
        assertThat(refusal("{" + HI + ",\"model\":\"gpt-4o\\n\"}").param()).isEqualTo("model");
        assertThat(refusal("{" + HI + ",\"model\":\"gpt-4o\u00e9\"}").param()).isEqualTo("model");
        for (String ok : new String[]{"gpt-4o-2024-08-06", "ft:gpt-4o-mini:acme::abc123", "meta-llama/llama-4-scout-17b-16e-instruct",
                "claude-3-7-sonnet@20250219", "gemini-2.5-flash", "x".repeat(ChatRequestParser.MAX_MODEL_LENGTH)}) {
            assertThat(parse("{" + HI + ",\"model\":\"" + ok + "\"}", false).model()).isEqualTo(ok);
        }
    }

    /** {@code max_tokens: 2147483647} overflowed the reservation's arithmetic (a 500 and an ERROR per request). */
    @Test
    void shouldRefuseOutputLimitsBeyondAMillionTokens() {
        assertThat(refusal("{" + HI + ",\"max_tokens\":2147483647}").param()).isEqualTo("max_tokens");
        assertThat(refusal("{" + HI + ",\"max_completion_tokens\":1000001}").param()).isEqualTo("max_completion_tokens");
        assertThat(refusal("{" + HI + ",\"max_tokens\":1e50000000}").getMessage()).contains("exponent");
        assertThat(parse("{" + HI + ",\"max_tokens\":1000000}", false).maxTokens()).isEqualTo(1_000_000);
    }

    @Test
    void shouldRefuseSamplingParametersWithHugeExponents() {
        assertThat(refusal("{" + HI + ",\"temperature\":1e50000000}").getMessage()).contains("exponent");
        assertThat(refusal("{" + HI + ",\"temperature\":1e300}").param()).isEqualTo("temperature");
    }

    @org.junit.jupiter.api.Test
    void shouldRefuseAReasoningEffortThatIsNotOneOfOpenAisFiveNamingTheField() {
        for (String bad : new String[]{"{\"x\":1}", "\"extreme\"", "3", "\"" + "a".repeat(600_000) + "\""}) {
            String body = "{\"reasoning_effort\":" + bad + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChatRequestParser.parse(
                    body.getBytes(java.nio.charset.StandardCharsets.UTF_8), false))
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> org.assertj.core.api.Assertions.assertThat(e.param()).isEqualTo("reasoning_effort"));
        }
        String ok = "{\"reasoning_effort\":\"minimal\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        org.assertj.core.api.Assertions.assertThat(ChatRequestParser.parse(ok.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                false).body().path("reasoning_effort").asText()).isEqualTo("minimal");
    }
}
