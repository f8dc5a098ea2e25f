package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import xyz.pura.app.testing.TestGateway;

/**
 * Through the gateway, the official OpenAI SDK gets the same OpenAI-shaped results whichever provider
 * serves (each model below is served by the simulator in that provider's own wire format).
 */
class ProviderParityTest {
    private static TestGateway gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl() + "/v1").apiKey(gateway.createKey("parity"))
                .maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        gateway.close();
    }

    private static ChatCompletionCreateParams.Builder ask(String model) {
        return ChatCompletionCreateParams.builder().model(model);
    }

    private static ChatCompletion create(ChatCompletionCreateParams params, String expectedProvider) {
        HttpResponseFor<ChatCompletion> r = client.chat().completions().withRawResponse().create(params);
        assertThat(r.headers().values("X-Pura-Provider")).containsExactly(expectedProvider);
        return r.parse();
    }

    private static ChatCompletion stream(ChatCompletionCreateParams params) {
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
            s.stream().forEach(acc::accumulate);
        }
        return acc.chatCompletion();
    }

    private static String provider(String model) {
        return Map.of("gpt-4o-mini", "openai", "claude-3-5-haiku-latest", "anthropic",
                "llama-3.1-8b-instant", "groq", "gemini-2.0-flash", "gemini").get(model);
    }

    private static String text(ChatCompletion c) {
        return c.choices().get(0).message().content().orElse("");
    }

    private static ChatCompletion.Choice.FinishReason finish(ChatCompletion c) {
        return c.choices().get(0).finishReason();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-4o-mini", "claude-3-5-haiku-latest", "llama-3.1-8b-instant", "gemini-2.0-flash"})
    void shouldAnswerPlainSystemAndMultiTurnChatsStreamedOrNot(String model) {
        ChatCompletionCreateParams plain = ask(model).addUserMessage("Hello there").build();
        ChatCompletionCreateParams withSystem = ask(model).addSystemMessage("You are terse.").addUserMessage("Hello there").build();
        ChatCompletionCreateParams multiTurn = ask(model).addUserMessage("First question").addAssistantMessage("First answer")
                .addUserMessage("Hello there").build();

        for (ChatCompletionCreateParams p : List.of(plain, withSystem, multiTurn)) {
            ChatCompletion json = create(p, provider(model));
            ChatCompletion streamed = stream(p);
            assertThat(text(json)).contains("Hello there").isEqualTo(text(streamed));
            assertThat(finish(json)).isEqualTo(ChatCompletion.Choice.FinishReason.STOP).isEqualTo(finish(streamed));
            assertThat(json.usage()).hasValueSatisfying(u -> assertThat(u.promptTokens()).isPositive());
        }
        create(withSystem, provider(model));
        assertThat(gateway.app().simulator().state().lastBody(provider(model))).contains("You are terse.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-4o-mini", "claude-3-5-haiku-latest", "llama-3.1-8b-instant", "gemini-2.0-flash"})
    void shouldRoundTripAToolCallWithWholeArgumentsWhenStreamed(String model) {
        ChatCompletionFunctionTool weather = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_weather").description("Weather in a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                "city", Map.of("type", "string"), "days", Map.of("type", "integer"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city", "days")))
                        .build())
                .build()).build();
        ChatCompletionCreateParams first = ask(model).addUserMessage("Paris weather please").addTool(weather).build();

        ChatCompletion json = create(first, provider(model));
        ChatCompletion streamed = stream(first);

        for (ChatCompletion c : List.of(json, streamed)) {
            assertThat(finish(c)).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
            ChatCompletionMessageFunctionToolCall call = c.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
            assertThat(call.function().name()).isEqualTo("get_weather");
            JsonNode args = TestGateway.json(call.function().arguments());
            assertThat(args.get("city").asText()).isEqualTo("Paris");
            assertThat(args.get("days").asInt()).isEqualTo(42);
        }
        ChatCompletionMessageFunctionToolCall call = json.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        ChatCompletionCreateParams second = ask(model).addUserMessage("Paris weather please").addTool(weather)
                .addMessage(json.choices().get(0).message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("{\"temp\": 21}").build())
                .build();

        ChatCompletion answer = create(second, provider(model));
        assertThat(finish(answer)).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(text(answer)).startsWith("Based on the tool result");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-4o-mini", "claude-3-5-haiku-latest", "llama-3.1-8b-instant", "gemini-2.0-flash"})
    void shouldHonourJsonModeStopSequencesAndMaxTokens(String model) {
        ChatCompletion json = create(ask(model).addUserMessage("Give me JSON")
                .responseFormat(ResponseFormatJsonObject.builder().build()).build(), provider(model));
        assertThat(TestGateway.json(text(json)).isObject()).isTrue();

        ChatCompletionCreateParams stopped = ask(model).addUserMessage("Hello there").stop("about").build();
        for (ChatCompletion c : List.of(create(stopped, provider(model)), stream(stopped))) {
            assertThat(text(c)).startsWith("Simulated answer from").doesNotContain("about");
            assertThat(finish(c)).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        }

        ChatCompletionCreateParams cut = ask(model).addUserMessage("Hello there").maxCompletionTokens(3).build();
        for (ChatCompletion c : List.of(create(cut, provider(model)), stream(cut))) {
            assertThat(finish(c)).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
            assertThat(text(c).split(" ")).hasSizeLessThanOrEqualTo(3);
        }
    }
}
