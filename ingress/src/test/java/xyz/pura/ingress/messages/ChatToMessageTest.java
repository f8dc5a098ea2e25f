package xyz.pura.ingress.messages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import xyz.pura.events.Json;

/** An OpenAI chat completion from another provider becomes an Anthropic Message. */
class ChatToMessageTest {

    private static com.fasterxml.jackson.databind.JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void shouldTurnTextToolCallsUsageAndFinishReasonIntoAnthropicsMessage() {
        // given
        ObjectNode completion = (ObjectNode) json("{'id':'chatcmpl-1','model':'gpt-4o','choices':[{'index':0,'message':{'role':'assistant',"
                + "'content':'Checking.','reasoning_content':'hidden','tool_calls':[{'id':'call_1','type':'function','function':"
                + "{'name':'get_weather','arguments':'{\\\"city\\\":\\\"Paris\\\"}'}}]},'finish_reason':'tool_calls'}],"
                + "'usage':{'prompt_tokens':100,'completion_tokens':20,'prompt_tokens_details':{'cached_tokens':60}},"
                + "'pura':{'requestId':'req_9','costUsd':'0.000001'}}");

        // when
        ObjectNode message = ChatToMessage.message(completion);

        // then
        assertThat(message).isEqualTo(json("{'id':'msg_req_9','type':'message','role':'assistant','content':["
                + "{'type':'text','text':'Checking.'},{'type':'tool_use','id':'call_1','name':'get_weather','input':{'city':'Paris'}}],"
                + "'model':'gpt-4o','stop_reason':'tool_use','stop_sequence':null,'usage':{'input_tokens':40,"
                + "'cache_creation_input_tokens':0,'cache_read_input_tokens':60,'output_tokens':20},"
                + "'pura':{'requestId':'req_9','costUsd':'0.000001'}}"));
    }

    @Test
    void shouldMapFinishReasonsToStopReasons() {
        assertThat(ChatToMessage.stopReason("stop")).isEqualTo("end_turn");
        assertThat(ChatToMessage.stopReason("length")).isEqualTo("max_tokens");
        assertThat(ChatToMessage.stopReason("tool_calls")).isEqualTo("tool_use");
        assertThat(ChatToMessage.stopReason("content_filter")).isEqualTo("refusal");
        assertThat(ChatToMessage.input("not json").isEmpty()).isTrue();
    }
}
