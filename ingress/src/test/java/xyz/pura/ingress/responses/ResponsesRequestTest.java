package xyz.pura.ingress.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import xyz.pura.events.Json;
import xyz.pura.events.chat.ChatRequestParser;
import xyz.pura.events.chat.InvalidRequestException;

/** A Responses request as the chat body the pipeline serves. */
class ResponsesRequestTest {
    private static ObjectNode chat(String responses) throws Exception {
        ObjectNode chat = ResponsesRequest.toChat(Json.mapper().readTree(responses));
        ChatRequestParser.parse(chat, false); // and chat's own validation takes it
        return chat;
    }

    private static String param(String responses) {
        try {
            chat(responses);
        } catch (InvalidRequestException e) {
            return ((xyz.pura.events.refusal.Refusal.Invalid) e.refusal()).param();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + responses);
    }

    @Test
    void shouldMakeInstructionsASystemMessageAndAStringInputOneUserMessage() throws Exception {
        // When a string input with instructions is translated
        ObjectNode chat = chat("{\"model\":\"gpt-4o\",\"instructions\":\"Be brief.\",\"input\":\"Hi\",\"max_output_tokens\":50,"
                + "\"reasoning\":{\"effort\":\"low\"},\"temperature\":0.2}");

        // Then the messages, limits and effort are chat's
        assertThat(chat.get("messages")).isEqualTo(Json.mapper().readTree(
                "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]"));
        assertThat(chat.get("max_completion_tokens").asInt()).isEqualTo(50);
        assertThat(chat.get("reasoning_effort").asText()).isEqualTo("low");
        assertThat(chat.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(chat.get("model").asText()).isEqualTo("gpt-4o");
    }

    @Test
    void shouldTurnFunctionCallItemsIntoOneAssistantTurnAndOutputsIntoToolMessages() throws Exception {
        // Given a history with assistant text, two parallel calls and their outputs
        ObjectNode chat = chat("{\"input\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Weather in A and B?\"}]},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Checking.\"}]},"
                + "{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"w\",\"arguments\":\"{\\\"city\\\":\\\"A\\\"}\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"c2\",\"name\":\"w\",\"arguments\":\"{\\\"city\\\":\\\"B\\\"}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"c1\",\"output\":\"sun\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"c2\",\"output\":[{\"type\":\"input_text\",\"text\":\"rain\"}]},"
                + "{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[]}],"
                + "\"tools\":[{\"type\":\"function\",\"name\":\"w\",\"parameters\":{\"type\":\"object\"},\"strict\":true}],"
                + "\"tool_choice\":{\"type\":\"function\",\"name\":\"w\"}}");

        // Then chat sees user, one assistant turn with text and both calls, two tool results
        JsonNode messages = chat.get("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(0).at("/content/0/type").asText()).isEqualTo("text");
        assertThat(messages.get(1).get("content").asText()).isEqualTo("Checking.");
        assertThat(messages.get(1).get("tool_calls")).hasSize(2);
        assertThat(messages.get(1).at("/tool_calls/1/id").asText()).isEqualTo("c2");
        assertThat(messages.get(1).at("/tool_calls/1/function/arguments").asText()).isEqualTo("{\"city\":\"B\"}");
        assertThat(messages.get(2).get("role").asText()).isEqualTo("tool");
        assertThat(messages.get(3).get("content").asText()).isEqualTo("rain");
        // and the tool is chat's nested function, strict kept, the choice named
        assertThat(chat.at("/tools/0/function/name").asText()).isEqualTo("w");
        assertThat(chat.at("/tools/0/function/strict").asBoolean()).isTrue();
        assertThat(chat.at("/tool_choice/function/name").asText()).isEqualTo("w");
    }

    @Test
    void shouldTranslateImagesFilesAndTheJsonSchemaFormat() throws Exception {
        ObjectNode chat = chat("{\"input\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"input_image\",\"image_url\":\"data:image/png;base64,iVBORw0KGgo=\",\"detail\":\"low\"},"
                + "{\"type\":\"input_file\",\"filename\":\"a.pdf\",\"file_data\":\"data:application/pdf;base64,JVBERi0=\"}]}],"
                + "\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"out\",\"strict\":true,"
                + "\"schema\":{\"type\":\"object\",\"properties\":{}}}}}");

        assertThat(chat.at("/messages/0/content/0/image_url/detail").asText()).isEqualTo("low");
        assertThat(chat.at("/messages/0/content/1/file/filename").asText()).isEqualTo("a.pdf");
        assertThat(chat.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(chat.at("/response_format/json_schema/name").asText()).isEqualTo("out");
        assertThat(chat.at("/response_format/json_schema/strict").asBoolean()).isTrue();
    }

    @Test
    void shouldAskForUsageOnEveryStreamSinceResponseCompletedCarriesIt() throws Exception {
        ObjectNode chat = chat("{\"input\":\"Hi\",\"stream\":true}");

        assertThat(chat.at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void shouldNameTheResponsesMemberAtFaultInEachRefusal() {
        assertThat(param("{\"model\":\"auto\"}")).isEqualTo("input");
        assertThat(param("{\"input\":[]}")).isEqualTo("input");
        assertThat(param("{\"input\":\"x\",\"previous_response_id\":\"resp_1\"}")).isEqualTo("previous_response_id");
        assertThat(param("{\"input\":\"x\",\"store\":true}")).isEqualTo("store");
        assertThat(param("{\"input\":\"x\",\"background\":true}")).isEqualTo("background");
        assertThat(param("{\"input\":\"x\",\"tools\":[{\"type\":\"file_search\"}]}")).isEqualTo("tools[0].type");
        assertThat(param("{\"input\":\"x\",\"tool_choice\":\"sometimes\"}")).isEqualTo("tool_choice");
        assertThat(param("{\"input\":\"x\",\"text\":{\"format\":{\"type\":\"xml\"}}}")).isEqualTo("text.format.type");
        assertThat(param("{\"input\":[{\"type\":\"item_reference\",\"id\":\"msg_1\"}]}")).isEqualTo("input[0]");
        assertThat(param("{\"input\":[{\"role\":\"robot\",\"content\":\"x\"}]}")).isEqualTo("input[0].role");
        assertThat(param("{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"file_id\":\"f\"}]}]}"))
                .isEqualTo("input[0].content[0]");
        assertThat(param("{\"input\":[{\"type\":\"function_call_output\",\"output\":\"x\"}]}")).isEqualTo("input[0].call_id");
        assertThat(param("{\"input\":\"x\",\"frobnicate\":1}")).isEqualTo("frobnicate");
        assertThat(param("{\"input\":\"x\",\"reasoning\":{\"effort\":\"extreme\"}}")).isEqualTo("reasoning_effort");
        assertThatThrownBy(() -> ResponsesRequest.toChat(Json.mapper().readTree("[1]")))
                .isInstanceOf(InvalidRequestException.class);
    }
}
