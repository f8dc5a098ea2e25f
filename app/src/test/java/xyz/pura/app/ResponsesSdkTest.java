package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
 * The official OpenAI Java SDK's {@code responses()} against {@code POST /v1/responses}: plain, streamed (the
 * Responses event sequence) and a function tool round trip, on each provider of the simulator, with routing
 * headers, the {@code pura} object, and the header's cost equal to the ledger's debit and to the report's line for
 * the endpoint.
 */
class ResponsesSdkTest {
    private static final List<String> PINNED = List.of("gpt-4o", "claude-sonnet-4-20250514", "llama-3.3-70b-versatile",
            "gemini-2.0-flash");
    private static TestGateway gateway;
    private static String key;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        key = gateway.createKey("responses-sdk");
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl() + "/v1").apiKey(key).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        gateway.close();
    }

    private static String text(Response response) {
        return response.output().stream().filter(ResponseOutputItem::isMessage)
                .flatMap(m -> m.asMessage().content().stream())
                .map(c -> c.asOutputText().text()).collect(Collectors.joining());
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "gpt-4o", "claude-sonnet-4-20250514", "llama-3.3-70b-versatile", "gemini-2.0-flash"})
    void shouldAnswerAPlainResponseFromEachProvider(String model) {
        // Given a plain Responses request
        ResponseCreateParams params = ResponseCreateParams.builder().model(model)
                .instructions("Answer briefly.").input("Hello from the Responses API").build();

        // When the SDK creates it
        HttpResponseFor<Response> raw = client.responses().withRawResponse().create(params);
        Response response = raw.parse();

        // Then it is a completed response with one message of output text, usage and the gateway's headers
        assertThat(response.id()).startsWith("resp_");
        assertThat(response.status()).contains(ResponseStatus.COMPLETED);
        assertThat(text(response)).isNotBlank();
        assertThat(response.usage()).hasValueSatisfying(u -> {
            assertThat(u.inputTokens()).isPositive();
            assertThat(u.totalTokens()).isEqualTo(u.inputTokens() + u.outputTokens());
        });
        String provider = raw.headers().values("X-Pura-Provider").getFirst();
        if (!model.equals("auto")) {
            assertThat(raw.headers().values("X-Pura-Model")).containsExactly(model);
            assertThat(response.model().toString()).contains("=" + model + "}"); // the SDK's union of model names
        }
        assertThat(provider).isIn("openai", "anthropic", "groq", "gemini");
        JsonValue pura = response._additionalProperties().get("pura");
        assertThat(pura).isNotNull();
        assertThat(pura.toString()).contains("costUsd");
    }

    @Test
    void shouldStreamTheResponsesEventSequenceOnEachProvider() {
        for (String model : PINNED) {
            // Given a streamed request
            ResponseCreateParams params = ResponseCreateParams.builder().model(model).input("Stream me a few words").build();

            // When the SDK reads the stream
            List<ResponseStreamEvent> events;
            try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
                events = stream.stream().toList();
            }

            // Then the events come in the Responses order, the deltas make the final text, and it ends completed
            assertThat(events.getFirst().isCreated()).as(model).isTrue();
            assertThat(events.getLast().isCompleted()).as(model).isTrue();
            String deltas = events.stream().filter(ResponseStreamEvent::isOutputTextDelta)
                    .map(e -> e.asOutputTextDelta().delta()).collect(Collectors.joining());
            Response done = events.getLast().asCompleted().response();
            assertThat(deltas).as(model).isNotEmpty().isEqualTo(text(done));
            assertThat(done.usage()).as(model).hasValueSatisfying(u -> assertThat(u.outputTokens()).isPositive());
            assertThat(done._additionalProperties()).as(model).containsKey("pura");
        }
    }

    @Test
    void shouldRoundTripAFunctionToolOnEachProvider() {
        for (String model : PINNED) {
            // Given a function tool
            FunctionTool weather = FunctionTool.builder().name("get_weather").description("Weather for a city")
                    .parameters(FunctionTool.Parameters.builder()
                            .putAdditionalProperty("type", JsonValue.from("object"))
                            .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                            .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                            .build())
                    .strict(false).build();
            ResponseInputItem ask = ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                    .role(EasyInputMessage.Role.USER).content("What is the weather in Paris?").build());

            // When the model calls it
            Response first = client.responses().create(ResponseCreateParams.builder().model(model)
                    .inputOfResponse(List.of(ask)).addTool(weather).build());
            ResponseFunctionToolCall call = first.output().stream().filter(ResponseOutputItem::isFunctionCall)
                    .map(ResponseOutputItem::asFunctionCall).findFirst().orElseThrow();
            assertThat(call.name()).as(model).isEqualTo("get_weather");
            assertThat(call.arguments()).as(model).contains("city");

            // and the tool's output is sent back with the call
            Response second = client.responses().create(ResponseCreateParams.builder().model(model)
                    .inputOfResponse(List.of(ask, ResponseInputItem.ofFunctionCall(call),
                            ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                                    .callId(call.callId()).output("{\"temperature\": 18}").build())))
                    .addTool(weather).build());

            // Then the model answers in text
            assertThat(text(second)).as(model).isNotBlank();
            assertThat(second.output()).as(model).noneMatch(ResponseOutputItem::isFunctionCall);
        }
    }

    @Test
    void shouldStreamAFunctionCallsArgumentsAsDeltas() {
        // Given a streamed request with a tool
        String body = "{\"model\":\"gpt-4o\",\"stream\":true,\"input\":\"Weather in Oslo?\",\"tools\":[{\"type\":\"function\","
                + "\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}]}";

        // When it is answered
        HttpResponse<String> r = gateway.post("/v1/responses", key, body);

        // Then the function call item is added, its arguments stream and are done, and no [DONE] line ends it
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> types = r.body().lines().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).toList();
        assertThat(types).startsWith("response.created", "response.in_progress", "response.output_item.added")
                .contains("response.function_call_arguments.delta", "response.function_call_arguments.done")
                .endsWith("response.output_item.done", "response.completed");
        assertThat(r.body()).doesNotContain("[DONE]");
        List<JsonNode> data = r.body().lines().filter(l -> l.startsWith("data: "))
                .map(l -> TestGateway.json(l.substring(6))).toList();
        for (int i = 0; i < data.size(); i++) {
            assertThat(data.get(i).get("sequence_number").asInt()).isEqualTo(i);
            assertThat(data.get(i).get("type").asText()).isEqualTo(types.get(i));
        }
    }

    @Test
    void shouldBillEachResponseOnceWithTheHeadersCostAndReportItByEndpoint() {
        // Given a fresh key and responses through the door, plain and streamed
        String own = gateway.createKey("responses-billing");
        Map<String, String> costByRequest = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            boolean stream = i % 2 == 1;
            HttpResponse<String> r = gateway.post("/v1/responses", own, "{\"model\":\"auto\",\"stream\":" + stream
                    + ",\"input\":\"billing check " + i + "\"}");
            assertThat(r.statusCode()).isEqualTo(200);
            String requestId = r.headers().firstValue("X-Pura-Request-Id").orElseThrow();
            String cost = stream ? lastCompleted(r.body()).at("/response/pura/costUsd").asText()
                    : r.headers().firstValue("X-Pura-Cost").orElseThrow();
            costByRequest.put(requestId, cost);
        }

        // Then the ledger has one debit per response at the same cost, naming the endpoint
        try (TopicReader ledger = new TopicReader(TestBroker.bootstrapServers(), Topics.LEDGER.name())) {
            List<JsonNode> debits = ledger.await(e -> costByRequest.containsKey(e.path("sourceId").asText()), 4);
            assertThat(debits).hasSize(4).allSatisfy(d -> {
                assertThat(Usd.ofNanos(d.get("amountNanoUsd").asLong()).toString()).isEqualTo(costByRequest.get(d.get("sourceId").asText()));
                assertThat(d.get("endpoint").asText()).isEqualTo("/v1/responses");
            });
        }
        // and the report's line for /v1/responses is their sum
        Usd sum = costByRequest.values().stream().map(Usd::parse).reduce(Usd.ZERO, Usd::plus);
        JsonNode report = gateway.awaitReport(own, 4);
        assertThat(report.get("endpoints")).singleElement().satisfies(e -> {
            assertThat(e.get("endpoint").asText()).isEqualTo("/v1/responses");
            assertThat(e.get("costUsd").asText()).isEqualTo(sum.toString());
            assertThat(e.get("requests").asLong()).isEqualTo(4);
        });
    }

    private static JsonNode lastCompleted(String sse) {
        List<String> data = sse.lines().filter(l -> l.startsWith("data: ")).toList();
        JsonNode last = TestGateway.json(data.getLast().substring(6));
        assertThat(last.get("type").asText()).isEqualTo("response.completed");
        return last;
    }

    @Test
    void shouldRefuseStateItDoesNotKeepWithAClear400() {
        // previous_response_id: the gateway is stateless
        ResponseCreateParams chained = ResponseCreateParams.builder().model("auto").input("again")
                .previousResponseId("resp_123").build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.responses().create(chained))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.param()).contains("previous_response_id");
                    assertThat(e.getMessage()).contains("stateless");
                });

        // store: true and a built-in tool are refused; a stored response is not found
        HttpResponse<String> stored = gateway.post("/v1/responses", key, "{\"input\":\"hi\",\"store\":true}");
        assertThat(stored.statusCode()).isEqualTo(400);
        assertThat(TestGateway.json(stored.body()).at("/error/param").asText()).isEqualTo("store");
        HttpResponse<String> search = gateway.post("/v1/responses", key,
                "{\"input\":\"hi\",\"tools\":[{\"type\":\"web_search\"}]}");
        assertThat(search.statusCode()).isEqualTo(400);
        assertThat(TestGateway.json(search.body()).at("/error/param").asText()).isEqualTo("tools[0].type");
        HttpResponse<String> missing = gateway.post("/v1/responses", key, "{\"model\":\"auto\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(TestGateway.json(missing.body()).at("/error/param").asText()).isEqualTo("input");
        HttpResponse<String> get = gateway.get("/v1/responses/resp_123", key);
        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(TestGateway.json(get.body()).at("/error/message").asText()).contains("stateless");
    }
}
