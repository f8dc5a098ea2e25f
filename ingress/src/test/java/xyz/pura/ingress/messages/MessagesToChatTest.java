package xyz.pura.ingress.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xyz.pura.events.Json;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.InvalidRequestException;

/** A Messages request becomes the OpenAI chat body the gateway routes and the other providers receive. */
class MessagesToChatTest {

    private static com.fasterxml.jackson.databind.JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ChatRequest parse(String s) {
        return MessagesRequest.parse(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldTranslateSystemMessagesToolsAndSamplingIntoOpenAisShape() {
        // given
        String request = "{'model':'auto','max_tokens':100,'temperature':0.5,'top_k':3,'stop_sequences':['END'],"
                + "'metadata':{'user_id':'u1'},'system':[{'type':'text','text':'Be brief.','cache_control':{'type':'ephemeral'}}],"
                + "'tools':[{'name':'get_weather','description':'Weather','input_schema':{'type':'object'}}],"
                + "'tool_choice':{'type':'any','disable_parallel_tool_use':true},"
                + "'messages':[{'role':'user','content':'Paris?'}]}";

        // when
        ChatRequest chat = parse(request);

        // then
        JsonNode body = chat.body();
        assertThat(chat.model()).isNull();
        assertThat(chat.maxTokens()).isEqualTo(100);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.has("top_k")).isFalse();
        assertThat(body.path("stop")).isEqualTo(json("['END']"));
        assertThat(body.path("user").asText()).isEqualTo("u1");
        assertThat(body.path("messages")).isEqualTo(json("[{'role':'system','content':[{'type':'text','text':'Be brief.'}]},"
                + "{'role':'user','content':'Paris?'}]"));
        assertThat(body.path("tools")).isEqualTo(json("[{'type':'function','function':{'name':'get_weather',"
                + "'description':'Weather','parameters':{'type':'object'}}}]"));
        assertThat(body.path("tool_choice").asText()).isEqualTo("required");
        assertThat(body.path("parallel_tool_calls").asBoolean(true)).isFalse();
        assertThat(chat.anthropicMessages()).isEqualTo(json(request));
    }

    @Test
    void shouldTranslateAToolRoundTripAndLeaveThinkingBlocksToClaude() {
        // given: an assistant turn that thought, said something and called a tool; a user turn answering it
        String request = "{'model':'claude-sonnet-4-5','max_tokens':3000,'stream':true,'thinking':{'type':'enabled','budget_tokens':2048},"
                + "'messages':[{'role':'user','content':'Paris weather?'},"
                + "{'role':'assistant','content':[{'type':'thinking','thinking':'Look it up.','signature':'c2ln'},"
                + "{'type':'redacted_thinking','data':'opaque'},{'type':'text','text':'Checking.'},"
                + "{'type':'tool_use','id':'toolu_1','name':'get_weather','input':{'city':'Paris'}}]},"
                + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'toolu_1','content':[{'type':'text','text':'sunny'},"
                + "{'type':'image','source':{'type':'base64','media_type':'image/png','data':'iVBO'}}]},{'type':'text','text':'And now?'}]}]}";

        // when
        ChatRequest chat = parse(request);

        // then
        assertThat(chat.stream()).isTrue();
        assertThat(chat.includeUsage()).isTrue();
        assertThat(chat.body().path("reasoning_effort").asText()).isEqualTo("low");
        assertThat(chat.body().path("messages")).isEqualTo(json("[{'role':'user','content':'Paris weather?'},"
                + "{'role':'assistant','content':'Checking.','tool_calls':[{'id':'toolu_1','type':'function',"
                + "'function':{'name':'get_weather','arguments':'{\\\"city\\\":\\\"Paris\\\"}'}}]},"
                + "{'role':'tool','tool_call_id':'toolu_1','content':'sunny'},"
                + "{'role':'user','content':[{'type':'text','text':'And now?'},"
                + "{'type':'image_url','image_url':{'url':'data:image/png;base64,iVBO'}}]}]"));
        assertThat(chat.anthropicMessages().at("/messages/1/content/0/signature").asText()).isEqualTo("c2ln");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{'model':'m','messages':[{'role':'user','content':'hi'}]}|max_tokens: Field required",
            "{'max_tokens':5,'messages':[{'role':'user','content':'hi'}]}|model: Field required",
            "{'model':'m','max_tokens':0,'messages':[{'role':'user','content':'hi'}]}|max_tokens",
            "{'model':'m','max_tokens':5,'messages':[]}|at least one message",
            "{'model':'m','max_tokens':5,'messages':[{'role':'system','content':'hi'}]}|'user' or 'assistant'",
            "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'video'}]}]}|'video'",
            "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'text','text':''}]}]}|non-empty",
            "{'model':'m','max_tokens':5,'temperature':1.5,'messages':[{'role':'user','content':'hi'}]}|temperature",
            "{'model':'m','max_tokens':5,'thinking':{'type':'enabled','budget_tokens':512},'messages':[{'role':'user','content':'hi'}]}|budget_tokens",
            "{'model':'m','max_tokens':2000,'thinking':{'type':'enabled','budget_tokens':4096},'messages':[{'role':'user','content':'hi'}]}|greater than",
            "{'model':'m','max_tokens':5,'messages':[{'role':'assistant','content':[{'type':'thinking','thinking':'x'}]}]}|signature",
            "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'tool_use','id':'a','name':'b','input':{}}]}]}|assistant messages",
            "{'model':'m','max_tokens':5,'tools':[{'type':'bash_20250124','name':'bash'}],'messages':[{'role':'user','content':'hi'}]}|bash_20250124",
            "{'model':'m','max_tokens':5,'tool_choice':{'type':'any'},'messages':[{'role':'user','content':'hi'}]}|no tools",
            "{'model':'m','max_tokens':5,'system':[{'type':'text','text':'x','cache_control':{'type':'forever'}}],'messages':[{'role':'user','content':'hi'}]}|cache_control",
            "{'model':'m','max_tokens':5,'stop_sequences':['a','b','c','d','e'],'messages':[{'role':'user','content':'hi'}]}|stop_sequences",
    })
    void shouldRefuseWhatAnthropicRefusesWithA400NamingTheField(String request, String message) {
        assertThatThrownBy(() -> parse(request))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(message.replace('\'', '"').replace("\"user\" or \"assistant\"", "'user' or 'assistant'")
                        .replace("\"video\"", "'video'").replace("\"bash_20250124\"", "'bash_20250124'"));
    }

    @Test
    void shouldCountWithoutMaxTokensAndRefuseAMalformedVersion() {
        // given
        byte[] count = "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                .getBytes(StandardCharsets.UTF_8);

        // when
        ChatRequest chat = MessagesRequest.parseForCount(count);

        // then
        assertThat(chat.maxTokens()).isNull();
        assertThat(chat.anthropicMessages()).isNull();
        MessagesRequest.checkVersion(null);
        MessagesRequest.checkVersion("2023-06-01");
        assertThatThrownBy(() -> MessagesRequest.checkVersion("latest")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("anthropic-version");
    }
}
