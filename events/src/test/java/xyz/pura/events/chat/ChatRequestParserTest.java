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
}
