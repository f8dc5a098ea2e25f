package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestGateway;

/** An unmodified official OpenAI Java SDK, pointed at the gateway's /v1, gets completions and the X-Pura-* headers. */
class OpenAiSdkTest {
    private static TestGateway gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        client = OpenAIOkHttpClient.builder()
                .baseUrl(gateway.baseUrl() + "/v1")
                .apiKey(gateway.createKey("sdk-test"))
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        gateway.close();
    }

    private static ChatCompletionCreateParams hello() {
        return ChatCompletionCreateParams.builder().model("auto").addUserMessage("Hello").build();
    }

    @Test
    void shouldAnswerANonStreamedCompletionWithRoutingHeaders() {
        HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse().create(hello());

        ChatCompletion completion = response.parse();
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(text -> assertThat(text).contains("Hello"));
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(response.headers().values("X-Pura-Provider")).singleElement().isIn("openai", "anthropic", "groq", "gemini");
        assertThat(response.headers().values("X-Pura-Model")).singleElement()
                .isEqualTo(completion.model())
                .isNotIn("openai", "anthropic", "groq", "gemini");
        assertThat(response.headers().values("X-Pura-Tier")).singleElement().isIn("cheap", "mid", "premium");
        assertThat(response.headers().values("X-Pura-Request-Id")).singleElement().asString().startsWith("req_");
    }

    @Test
    void shouldStreamChunksThatTheSdkAssemblesIntoTheSameText() {
        HttpResponseFor<StreamResponse<ChatCompletionChunk>> response =
                client.chat().completions().withRawResponse().createStreaming(hello());

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = response.parse()) {
            chunks = stream.stream().toList();
        }
        String text = chunks.stream().flatMap(c -> c.choices().stream())
                .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
        String servedBy = response.headers().values("X-Pura-Model").get(0);
        String nonStreamed = client.chat().completions().create(hello().toBuilder().model(servedBy).build())
                .choices().get(0).message().content().orElseThrow();
        assertThat(chunks).hasSizeGreaterThan(2);
        assertThat(text).isEqualTo(nonStreamed);
        // OpenAI's shape for a client that did not ask for usage: every chunk has a choice, none has usage, and
        // the last one finishes (a loop reading choices[0] never meets an empty list); it also carries the cost
        assertThat(chunks).allSatisfy(c -> assertThat(c.choices()).isNotEmpty());
        assertThat(chunks).allSatisfy(c -> assertThat(c.usage()).isEmpty());
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices().get(0).finishReason()).contains(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(last._additionalProperties().get("pura")).isNotNull();
        assertThat(response.headers().values("X-Pura-Provider")).singleElement().isIn("openai", "anthropic", "groq", "gemini");
        assertThat(response.headers().values("X-Pura-Model")).singleElement().isEqualTo(chunks.get(0).model());
    }

    @Test
    void shouldEndWithTheUsageChunkWhenTheClientAsksForUsage() {
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(hello().toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            chunks = stream.stream().toList();
        }
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        ChatCompletionChunk finishing = chunks.get(chunks.size() - 2);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isPositive());
        assertThat(last._additionalProperties().get("pura")).isNotNull();
        assertThat(finishing.choices().get(0).finishReason()).contains(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.choices()).isNotEmpty());
    }
}
