package xyz.pura.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xyz.pura.providers.fixtures.Fixtures.body;
import static xyz.pura.providers.fixtures.Fixtures.parse;
import static xyz.pura.providers.fixtures.Fixtures.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xyz.pura.events.ProviderId;
import xyz.pura.events.chat.InvalidRequestException;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.fixtures.Fixtures;
import xyz.pura.providers.groq.GroqProvider;

/** What the Groq provider sends: OpenAI's body without the fields Groq refuses, or nothing when Groq cannot serve it. */
class GroqProviderTest {
    private static final String MODEL = "llama-3.3-70b-versatile";
    private MockWebServer server;
    private GroqProvider groq;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        groq = new GroqProvider(Fixtures.config(ProviderId.GROQ, server, "gsk_gateway"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ObjectNode sent(String chat) throws Exception {
        server.enqueue(Fixtures.json(200, "openai/chat-tool-call.json"));
        groq.chat(request(chat, MODEL, null));
        return body(server.takeRequest());
    }

    @Test
    void shouldFoldAUserNameIntoTheContentAndDropOtherNames() throws Exception {
        ObjectNode sent = sent("""
                {"messages":[{"role":"system","name":"rules","content":"Be brief."},
                             {"role":"user","name":"alice","content":"What is 2+2?"},
                             {"role":"assistant","name":"solver","content":"4"},
                             {"role":"user","name":"bob","content":[{"type":"text","text":"And 3+3?"}]}]}""");

        JsonNode messages = sent.get("messages");
        for (JsonNode m : messages) {
            assertThat(m.has("name")).as(m.toString()).isFalse();
        }
        assertThat(messages.at("/0/content").asText()).isEqualTo("Be brief.");
        assertThat(messages.at("/1/content").asText()).isEqualTo("alice: What is 2+2?");
        assertThat(messages.at("/2/content").asText()).isEqualTo("4");
        assertThat(messages.at("/3/content")).isEqualTo(parse("[{\"type\":\"text\",\"text\":\"bob: \"},{\"type\":\"text\",\"text\":\"And 3+3?\"}]"));
    }

    @Test
    void shouldRemoveTheRefusedFieldsWhenTheyAskForNothing() throws Exception {
        ObjectNode sent = sent("""
                {"messages":[{"role":"user","content":"hi"}],"logprobs":false,"top_logprobs":0,"logit_bias":{},"n":1,
                 "temperature":0.2}""");

        assertThat(sent.has("logprobs")).isFalse();
        assertThat(sent.has("top_logprobs")).isFalse();
        assertThat(sent.has("logit_bias")).isFalse();
        assertThat(sent.get("n").asInt()).isEqualTo(1);
        assertThat(sent.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(sent.get("model").asText()).isEqualTo(MODEL);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"n\":2|n",
            "\"logprobs\":true|logprobs",
            "\"logprobs\":true,\"top_logprobs\":3|logprobs",
            "\"top_logprobs\":2|top_logprobs",
            "\"logit_bias\":{\"50256\":-100}|logit_bias"})
    void shouldRefuseWhatGroqCannotServeBeforeSendingAnything(String field, String param) {
        String chat = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]," + field + "}";

        assertThatThrownBy(() -> groq.chat(request(chat, MODEL, null)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.param()).isEqualTo(param));
        assertThatThrownBy(() -> groq.stream(request(chat, MODEL, null), chunk -> { }))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.param()).isEqualTo(param));
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void shouldLeaveOpenAiRequestsAsTheyCame() throws Exception {
        OpenAiProvider openai = new OpenAiProvider(Fixtures.config(ProviderId.OPENAI, server, "sk-gateway"));
        server.enqueue(Fixtures.json(200, "openai/chat-tool-call.json"));

        openai.chat(request("""
                {"messages":[{"role":"user","name":"alice","content":"hi"}],"logprobs":true,"top_logprobs":2,"n":2}""", "gpt-4o-mini", null));

        ObjectNode sent = body(server.takeRequest());
        assertThat(sent.at("/messages/0/name").asText()).isEqualTo("alice");
        assertThat(sent.get("logprobs").asBoolean()).isTrue();
        assertThat(sent.get("n").asInt()).isEqualTo(2);
    }

    @Test
    void shouldReadGroqsRateLimitResetsWhenItSendsNoRetryAfter() {
        server.enqueue(new MockResponse.Builder().code(429)
                .addHeader("x-ratelimit-remaining-requests", "14370").addHeader("x-ratelimit-reset-requests", "2m59.56s")
                .addHeader("x-ratelimit-remaining-tokens", "0").addHeader("x-ratelimit-reset-tokens", "7.66s")
                .body("{\"error\":{\"message\":\"Rate limit reached for model\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}")
                .build());

        assertThatThrownBy(() -> groq.chat(request("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", MODEL, null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(7660));
                });
    }
}
