package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.ThinkingBlock;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import xyz.pura.app.testing.TestBroker;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.app.testing.TopicReader;
import xyz.pura.events.Topics;
import xyz.pura.events.Usd;

/**
 * An unmodified official Anthropic Java SDK, pointed at the gateway's root with a Pura key, gets messages (plain,
 * streamed, tool round trips) from Claude and, translated, from the other providers; Claude's thinking blocks and
 * their signatures go back and forth unchanged; the cost header, the ledger and /api/report agree; refusals come in
 * Anthropic's error shape.
 */
class AnthropicSdkTest {
    private static final String CLAUDE = "claude-sonnet-4-5";
    private static TestGateway gateway;
    private static String key;
    private static AnthropicClient client;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        key = gateway.createKey("anthropic-sdk");
        client = AnthropicOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey(key).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        gateway.close();
    }

    private static MessageCreateParams.Builder ask(String model, String prompt) {
        return MessageCreateParams.builder().model(model).maxTokens(512).system("Be brief.").addUserMessage(prompt);
    }

    private static Tool weather() {
        return Tool.builder().name("get_weather").description("Weather of a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(Tool.InputSchema.Properties.builder()
                                .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string"))).build())
                        .required(List.of("city")).build())
                .build();
    }

    private static String text(Message m) {
        return m.content().stream().map(ContentBlock::text).flatMap(Optional::stream).map(t -> t.text())
                .reduce("", String::concat);
    }

    private static Message streamed(MessageCreateParams params) {
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            stream.stream().forEach(acc::accumulate);
        }
        return acc.message().validate();
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", CLAUDE, "gpt-4o", "gemini-2.0-flash", "llama-3.3-70b-versatile"})
    void shouldAnswerAMessageWithPuraHeadersFromAnyProvider(String model) {
        // given
        MessageCreateParams params = ask(model, "Tell me about gateways").build();

        // when
        HttpResponseFor<Message> response = client.messages().withRawResponse().create(params);

        // then
        Message message = response.parse().validate();
        assertThat(message.id()).startsWith("msg_");
        assertThat(text(message)).contains("gateways");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isPositive();
        assertThat(message.usage().outputTokens()).isPositive();
        assertThat(response.headers().values("X-Pura-Provider")).singleElement().isIn("openai", "anthropic", "groq", "gemini");
        if (!model.equals("auto")) {
            assertThat(response.headers().values("X-Pura-Model")).singleElement().isEqualTo(model);
        }
        assertThat(Usd.parse(response.headers().values("X-Pura-Cost").get(0)).nanos()).isPositive();
        assertThat(message._additionalProperties().get("pura")).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", CLAUDE, "gpt-4o", "gemini-2.0-flash"})
    void shouldStreamEventsThatTheSdkAccumulatesIntoTheSameMessage(String model) {
        // given: the same question once whole, once streamed, on the model that served it
        HttpResponseFor<Message> whole = client.messages().withRawResponse().create(ask(model, "Tell me about streams").build());
        String servedBy = whole.headers().values("X-Pura-Model").get(0);

        // when
        Message streamed = streamed(ask(servedBy, "Tell me about streams").build());

        // then
        assertThat(text(streamed)).isEqualTo(text(whole.parse()));
        assertThat(streamed.stopReason()).contains(StopReason.END_TURN);
        assertThat(streamed.usage().outputTokens()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {CLAUDE, "gpt-4o", "gemini-2.0-flash"})
    void shouldCarryAToolRoundTrip(String model) {
        // given: the model asks for the tool
        MessageCreateParams first = ask(model, "Paris weather please").addTool(weather()).build();
        Message call = client.messages().create(first).validate();
        ToolUseBlock use = call.content().stream().map(ContentBlock::toolUse).flatMap(Optional::stream).findFirst().orElseThrow();
        assertThat(call.stopReason()).contains(StopReason.TOOL_USE);
        assertThat(use.name()).isEqualTo("get_weather");
        assertThat(use._input().convert(Map.class)).containsEntry("city", "Paris");

        // when: its answer goes back with the tool's result, streamed and not
        MessageCreateParams second = first.toBuilder().addMessage(call)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId(use.id()).content("sunny, 24 C").build())))
                .build();
        Message answer = client.messages().create(second).validate();
        Message streamedAnswer = streamed(second);

        // then
        assertThat(answer.stopReason()).contains(StopReason.END_TURN);
        assertThat(text(answer)).isNotBlank();
        assertThat(text(streamedAnswer)).isEqualTo(text(answer));
    }

    @Test
    void shouldStreamAToolCallWhoseInputTheSdkAssembles() {
        // given
        MessageCreateParams params = ask("gpt-4o", "Paris weather please").addTool(weather()).build();

        // when
        Message m = streamed(params);

        // then
        ToolUseBlock use = m.content().stream().map(ContentBlock::toolUse).flatMap(Optional::stream).findFirst().orElseThrow();
        assertThat(m.stopReason()).contains(StopReason.TOOL_USE);
        assertThat(use._input().convert(Map.class)).containsEntry("city", "Paris");
    }

    @Test
    void shouldPassClaudesSignedThinkingBlocksToTheClientAndBackUnchanged() {
        // given: thinking on, a tool to call; the strict simulator takes the next turn only with the thinking block
        // it signed first in the assistant turn
        MessageCreateParams first = MessageCreateParams.builder().model(CLAUDE).maxTokens(4000).enabledThinking(1024)
                .addTool(weather()).addUserMessage("Paris weather please").build();

        // when
        Message call = client.messages().create(first).validate();
        Message streamedCall = streamed(first);
        ToolUseBlock use = call.content().stream().map(ContentBlock::toolUse).flatMap(Optional::stream).findFirst().orElseThrow();
        Message answer = client.messages().create(first.toBuilder().addMessage(call)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId(use.id()).content("sunny").build())))
                .build()).validate();

        // then
        for (Message m : List.of(call, streamedCall)) {
            ThinkingBlock thinking = m.content().get(0).thinking().orElseThrow();
            assertThat(thinking.signature()).isNotBlank();
            assertThat(thinking.thinking()).isNotBlank();
        }
        assertThat(streamedCall.content().get(0).thinking().orElseThrow().signature())
                .isEqualTo(call.content().get(0).thinking().orElseThrow().signature());
        assertThat(answer.stopReason()).contains(StopReason.END_TURN);
        JsonNode sent = TestGateway.json(gateway.app().simulator().state().lastBody("anthropic"));
        assertThat(sent.at("/messages/1/content/0/type").asText()).isEqualTo("thinking");
        assertThat(sent.at("/messages/1/content/0/signature").asText())
                .isEqualTo(call.content().get(0).thinking().orElseThrow().signature());
        assertThat(sent.at("/thinking/budget_tokens").asInt()).isEqualTo(1024);
        assertThat(sent.at("/max_tokens").asInt()).isEqualTo(4000);
    }

    @Test
    void shouldSendClaudeTheRequestAsWrittenButForTheModel() {
        // given: what only Claude understands: cache breakpoints on system, tools and a message block, top_k
        String request = "{\"model\":\"" + CLAUDE + "\",\"max_tokens\":300,\"top_k\":5,\"metadata\":{\"user_id\":\"u1\"},"
                + "\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\",\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}],"
                + "\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\"},\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}}]}]}";

        // when
        HttpResponse<String> r = rawPost("/v1/messages", "x-api-key", key, request, "2023-06-01");

        // then: Claude received exactly that
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(TestGateway.json(gateway.app().simulator().state().lastBody("anthropic"))).isEqualTo(TestGateway.json(request));
    }

    @Test
    void shouldDebitExactlyTheCostHeaderAndReportItUnderTheMessagesEndpoint() {
        // given: a key of its own, and messages streamed and not, on Claude and elsewhere
        String own = gateway.createKey("anthropic-sdk-billing");
        Map<String, String> costByRequest = new HashMap<>();
        Usd sum = Usd.ZERO;
        AnthropicClient c = AnthropicOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey(own).maxRetries(0).build();
        try {
            String[] models = {CLAUDE, "gpt-4o", "auto"};
            for (int i = 0; i < models.length; i++) {
                HttpResponseFor<Message> r = c.messages().withRawResponse().create(ask(models[i], "question " + i).build());
                String cost = r.headers().values("X-Pura-Cost").get(0);
                assertThat(((Map<?, ?>) r.parse()._additionalProperties().get("pura").convert(Map.class)).get("costUsd")).isEqualTo(cost);
                costByRequest.put(r.headers().values("X-Pura-Request-Id").get(0), cost);
                sum = sum.plus(Usd.parse(cost));
            }
        } finally {
            c.close();
        }
        HttpResponse<String> raw = rawPost("/v1/messages", "x-api-key", own, "{\"model\":\"" + CLAUDE
                + "\",\"max_tokens\":100,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"a stream\"}]}", null);
        String[] events = raw.body().split("\n\n");
        assertThat(events[events.length - 1]).startsWith("event: message_stop");
        JsonNode finalDelta = TestGateway.json(events[events.length - 2].substring(events[events.length - 2].indexOf("data: ") + 6));
        assertThat(finalDelta.path("type").asText()).isEqualTo("message_delta");
        costByRequest.put(finalDelta.at("/pura/requestId").asText(), finalDelta.at("/pura/costUsd").asText());
        sum = sum.plus(Usd.parse(finalDelta.at("/pura/costUsd").asText()));

        // when
        JsonNode report = gateway.awaitReport(own, 4);

        // then
        try (TopicReader ledger = new TopicReader(TestBroker.bootstrapServers(), Topics.LEDGER.name())) {
            List<JsonNode> debits = ledger.await(e -> costByRequest.containsKey(e.path("sourceId").asText()), 4);
            assertThat(debits).hasSize(4).allSatisfy(d -> {
                assertThat(Usd.ofNanos(d.get("amountNanoUsd").asLong()).toString()).isEqualTo(costByRequest.get(d.get("sourceId").asText()));
                assertThat(d.path("endpoint").asText()).isEqualTo("/v1/messages");
            });
        }
        JsonNode line = null;
        for (JsonNode e : report.get("endpoints")) {
            if (e.path("endpoint").asText().equals("/v1/messages")) {
                line = e;
            }
        }
        assertThat(line).isNotNull();
        assertThat(line.get("costUsd").asText()).isEqualTo(sum.toString());
        assertThat(line.get("requests").asLong()).isEqualTo(4);
        assertThat(report.get("totalSpendUsd").asText()).isEqualTo(sum.toString());
    }

    @Test
    void shouldTakeTheKeyAsXApiKeyOrAsBearerToken() {
        // given
        AnthropicClient bearer = AnthropicOkHttpClient.builder().baseUrl(gateway.baseUrl()).authToken(key).maxRetries(0).build();
        try {
            // when
            Message viaBearer = bearer.messages().create(ask(CLAUDE, "hello").build());
            Message viaApiKey = client.messages().create(ask(CLAUDE, "hello").build());

            // then
            assertThat(text(viaBearer)).isEqualTo(text(viaApiKey)).isNotBlank();
        } finally {
            bearer.close();
        }
    }

    @Test
    void shouldRefuseABadKeyAndAMissingMaxTokensInAnthropicsErrorShape() {
        // given
        AnthropicClient stranger = AnthropicOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey("pura_not_a_key").maxRetries(0).build();
        try {
            // when / then: the SDK reads the 401 as Anthropic's
            assertThatThrownBy(() -> stranger.messages().create(ask(CLAUDE, "hi").build()))
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.statusCode()).isEqualTo(401));
        } finally {
            stranger.close();
        }
        HttpResponse<String> badKey = rawPost("/v1/messages", "x-api-key", "pura_nope", "{}", "2023-06-01");
        HttpResponse<String> noMaxTokens = rawPost("/v1/messages", "x-api-key", key,
                "{\"model\":\"" + CLAUDE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "2023-06-01");
        HttpResponse<String> badVersion = rawPost("/v1/messages", "x-api-key", key,
                "{\"model\":\"" + CLAUDE + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "yesterday");
        HttpResponse<String> notJson = rawPost("/v1/messages", "Authorization", "Bearer " + key, "{nope", null);
        HttpResponse<String> unknownPath = rawPost("/v1/messages/nothing", "x-api-key", key, "{}", null);

        assertError(badKey, 401, "authentication_error");
        assertError(noMaxTokens, 400, "invalid_request_error");
        assertThat(TestGateway.json(noMaxTokens.body()).at("/error/message").asText()).contains("max_tokens");
        assertError(badVersion, 400, "invalid_request_error");
        assertError(notJson, 400, "invalid_request_error");
        assertError(unknownPath, 404, "not_found_error");
    }

    @Test
    void shouldCountTokensWithoutBillingThem() {
        // given
        String own = gateway.createKey("anthropic-sdk-count");
        AnthropicClient c = AnthropicOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey(own).maxRetries(0).build();
        try {
            // when
            long shortCount = c.messages().countTokens(MessageCountTokensParams.builder().model(CLAUDE)
                    .addUserMessage("hi").build()).inputTokens();
            long longCount = c.messages().countTokens(MessageCountTokensParams.builder().model(CLAUDE).system("Be brief.")
                    .addUserMessage("hi, and a much longer question about how gateways route requests").build()).inputTokens();

            // then
            assertThat(shortCount).isPositive();
            assertThat(longCount).isGreaterThan(shortCount);
        } finally {
            c.close();
        }
        JsonNode report = TestGateway.json(gateway.get("/api/report", own).body());
        assertThat(report.get("requestCount").asLong()).isZero();
    }

    private static void assertError(HttpResponse<String> r, int status, String type) {
        JsonNode body = TestGateway.json(r.body());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.at("/error/type").asText()).isEqualTo(type);
        assertThat(body.at("/error/message").asText()).isNotBlank();
    }

    private static HttpResponse<String> rawPost(String path, String header, String value, String body, String version) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("content-type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (version != null) {
            b.header("anthropic-version", version);
        }
        return TestGateway.send(b.build());
    }
}
