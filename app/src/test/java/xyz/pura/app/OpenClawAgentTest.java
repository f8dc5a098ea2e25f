package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.OpenClaw;
import xyz.pura.app.testing.RecordingProxy;
import xyz.pura.app.testing.TestBroker;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.app.testing.TopicReader;
import xyz.pura.events.Topics;
import xyz.pura.events.Usd;

/**
 * Real OpenClaw (npm openclaw 2026.9.6, {@code openclaw agent --local}, one headless turn) with README's config, Pura
 * as its model provider, talking to a real gateway through a recording proxy: what OpenClaw sends (a streamed chat
 * completion with {@code stream_options.include_usage}, {@code max_completion_tokens}, its tools and a ~50 KB system
 * prompt; after the simulator's tool call, the same with the call and its result) is answered 200 in OpenAI's stream
 * shape with a final usage chunk whose cost is the ledger's debit. Then each request OpenClaw sent is replayed pinned
 * to every model the router could pick for it and to each provider's models, streamed and not: no 4xx anywhere.
 */
class OpenClawAgentTest {
    private static final Duration AGENT_TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> PROVIDERS = List.of("openai", "anthropic", "groq", "gemini");
    /** One model a provider, besides those the router offers: tools on each provider's translation. */
    private static final List<String> PINNED = List.of("gpt-4o", "claude-sonnet-4-20250514", "llama-3.3-70b-versatile",
            "gemini-2.0-flash");

    private static TestGateway gateway;
    private static RecordingProxy proxy;
    private static String key;
    private static OpenClaw.Run turn;
    private static List<RecordingProxy.Exchange> chats;

    @BeforeAll
    static void runOneOpenClawTurn() throws IOException {
        // OpenClaw's turns are ~15k input tokens: on premium models each reserves about 0.8 USD of a key's daily cap
        gateway = TestGateway.start(Map.of("PURA_DAILY_BUDGET_USD", "1000"));
        key = gateway.createKey("openclaw-agent");
        proxy = RecordingProxy.to(gateway.baseUrl());
        String config = OpenClawCliTest.readmeConfig()
                .replace("http://127.0.0.1:8080", proxy.url())
                .replace("\"pura_...\"", "\"" + key + "\"")
                .replace("/path/to/pura/skills", OpenClaw.skillsDir().toString());
        try (OpenClaw openclaw = OpenClaw.withConfig(config)) {
            turn = openclaw.run(AGENT_TIMEOUT, "agent", "--local", "--message", "Say hello in one short sentence.", "--json");
        }
        chats = proxy.exchanges().stream().filter(e -> e.path().equals("/v1/chat/completions")).toList();
        // kept for reading when an assertion fails: what OpenClaw sent and what it got, and its own output
        Path out = Path.of("target", "openclaw-agent");
        Files.createDirectories(out);
        for (int i = 0; i < chats.size(); i++) {
            Files.write(out.resolve(i + "-request.json"), chats.get(i).requestBody());
            Files.write(out.resolve(i + "-response.sse"), chats.get(i).responseBody());
        }
        Files.writeString(out.resolve("openclaw.out.json"), turn.out());
        Files.writeString(out.resolve("openclaw.err"), turn.err());
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void shouldAnswerOpenClawsTurnInOpenAisStreamShapeWithAFinalUsageChunk() {
        assertThat(turn.exit()).as(turn.err()).isZero();
        assertThat(proxy.exchanges()).as("OpenClaw only calls chat completions").allSatisfy(e -> {
            assertThat(e.method()).isEqualTo("POST");
            assertThat(e.path()).isEqualTo("/v1/chat/completions");
        });
        assertThat(chats).isNotEmpty();

        for (RecordingProxy.Exchange chat : chats) {
            JsonNode request = TestGateway.json(chat.requestText());
            // what OpenClaw 2026.9 sends, the reason this test exists
            assertThat(chat.requestHeaders().get("authorization")).isEqualTo("Bearer " + key);
            assertThat(request.path("model").asText()).isEqualTo("auto");
            assertThat(request.path("stream").asBoolean()).isTrue();
            assertThat(request.at("/stream_options/include_usage").asBoolean()).isTrue();
            assertThat(request.path("max_completion_tokens").asInt()).isEqualTo(8192);
            assertThat(request.path("tools").size()).isGreaterThanOrEqualTo(10);
            assertThat(chat.requestBody().length).isGreaterThan(30_000);

            assertThat(chat.status()).as(chat.responseText()).isEqualTo(200);
            assertThat(chat.responseHeaders().get("content-type")).startsWith("text/event-stream");
            assertThat(chat.responseHeaders().get("x-pura-provider")).isIn(PROVIDERS);
            Stream stream = Stream.parse(chat.responseText());
            stream.assertOpenAiShape(chat.responseHeaders().get("x-pura-model"));
        }
        // the simulator calls the first tool offered; OpenClaw runs it, sends the result, and gets a text answer
        Stream last = Stream.parse(chats.get(chats.size() - 1).responseText());
        assertThat(last.finishReason()).isEqualTo("stop");

        JsonNode result = turn.json();
        assertThat(result.at("/payloads/0/text").asText()).isEqualTo(last.text()).isNotBlank();
        assertThat(result.at("/meta/agentMeta/provider").asText()).isEqualTo("pura");
        // OpenClaw read the usage chunk
        assertThat(result.at("/meta/agentMeta/lastCallUsage/input").asLong()).isEqualTo(last.usage().path("prompt_tokens").asLong());
        assertThat(result.at("/meta/agentMeta/lastCallUsage/output").asLong()).isEqualTo(last.usage().path("completion_tokens").asLong());
    }

    @Test
    void shouldListThePuraSkillInOpenClawsPromptWithItsKeyFromTheConfig() {
        // eligible in the agent's run too: README's skills.entries.pura.env gave it PURA_API_KEY
        JsonNode system = TestGateway.json(chats.get(0).requestText()).at("/messages/0");
        assertThat(system.path("role").asText()).isEqualTo("system");
        assertThat(system.path("content").asText()).contains("<name>pura</name>")
                .contains("<location>" + OpenClaw.skillsDir().resolve("pura/SKILL.md") + "</location>");
    }

    @Test
    void shouldDebitWhatTheUsageChunkSaysEachStreamCost() {
        Map<String, String> costByRequest = new HashMap<>();
        for (RecordingProxy.Exchange chat : chats) {
            Stream stream = Stream.parse(chat.responseText());
            String requestId = stream.pura().path("requestId").asText();
            assertThat(chat.responseHeaders().get("x-pura-request-id")).isEqualTo(requestId);
            // a stream's X-Pura-Cost is written before the answer: the input-side estimate (see README)
            assertThat(Usd.parse(chat.responseHeaders().get("x-pura-cost")).nanos()).isPositive();
            costByRequest.put(requestId, stream.pura().path("costUsd").asText());
        }
        assertDebits(costByRequest);
    }

    @Test
    void shouldTakeOpenClawsRequestsOnEveryModelTheRouterCouldPickAndOnEachProvider() {
        Map<String, String> costByRequest = new HashMap<>();
        Set<String> servedBy = new LinkedHashSet<>();
        for (RecordingProxy.Exchange chat : chats) {
            ObjectNode request = (ObjectNode) TestGateway.json(chat.requestText());
            Set<String> models = new LinkedHashSet<>(candidates(request));
            models.addAll(PINNED);
            for (String model : models) {
                ObjectNode pinned = request.deepCopy().put("model", model);
                HttpResponse<String> streamed = post(pinned);
                assertThat(streamed.statusCode()).as(model + ": " + streamed.body()).isEqualTo(200);
                assertThat(streamed.headers().firstValue("X-Pura-Model")).contains(model);
                Stream stream = Stream.parse(streamed.body());
                stream.assertOpenAiShape(model);
                costByRequest.put(stream.pura().path("requestId").asText(), stream.pura().path("costUsd").asText());

                ObjectNode whole = pinned.deepCopy().put("stream", false);
                whole.remove("stream_options");
                HttpResponse<String> json = post(whole);
                assertThat(json.statusCode()).as(model + ": " + json.body()).isEqualTo(200);
                JsonNode answer = TestGateway.json(json.body());
                assertThat(answer.path("object").asText()).isEqualTo("chat.completion");
                assertThat(answer.at("/choices/0/finish_reason").asText()).isIn("stop", "tool_calls", "length");
                String cost = json.headers().firstValue("X-Pura-Cost").orElseThrow();
                assertThat(answer.at("/pura/costUsd").asText()).isEqualTo(cost);
                costByRequest.put(answer.at("/pura/requestId").asText(), cost);
                servedBy.add(json.headers().firstValue("X-Pura-Provider").orElseThrow());
            }
        }
        assertThat(servedBy).containsExactlyInAnyOrderElementsOf(PROVIDERS);
        assertDebits(costByRequest);
    }

    /** The models {@code POST /v1/route} says the router could send this request to (its pick and its fallbacks). */
    private static List<String> candidates(JsonNode request) {
        HttpResponse<String> r = gateway.post("/v1/route", key, request.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode route = TestGateway.json(r.body());
        List<String> models = new ArrayList<>();
        route.path("candidates").forEach(c -> models.add(c.path("model").asText()));
        route.path("fallbacks").forEach(f -> models.add(f.path("model").asText()));
        assertThat(models).as(r.body()).isNotEmpty().doesNotContain("");
        return models;
    }

    private static HttpResponse<String> post(JsonNode body) {
        return TestGateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(1)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    /** Each request's ledger debit is the cost its answer gave, to the nano-dollar. */
    private static void assertDebits(Map<String, String> costByRequest) {
        try (TopicReader ledger = new TopicReader(TestBroker.bootstrapServers(), Topics.LEDGER.name())) {
            List<JsonNode> debits = ledger.await(e -> costByRequest.containsKey(e.path("sourceId").asText()), costByRequest.size());
            assertThat(debits).hasSize(costByRequest.size()).allSatisfy(d -> assertThat(Usd.ofNanos(d.get("amountNanoUsd").asLong())
                    .toString()).as(d.toString()).isEqualTo(costByRequest.get(d.get("sourceId").asText())));
        }
    }

    /** The {@code data:} events of a chat completion stream. */
    private record Stream(List<JsonNode> chunks, boolean done) {
        static Stream parse(String body) {
            List<JsonNode> chunks = new ArrayList<>();
            boolean done = false;
            for (String event : body.split("\n\n")) {
                if (event.isBlank()) {
                    continue;
                }
                assertThat(event).as("one data line an event").startsWith("data: ").doesNotContain("\n");
                String data = event.substring("data: ".length());
                assertThat(done).as("nothing after [DONE]").isFalse();
                if (data.equals("[DONE]")) {
                    done = true;
                } else {
                    chunks.add(TestGateway.json(data));
                }
            }
            return new Stream(chunks, done);
        }

        JsonNode usageChunk() {
            return chunks.get(chunks.size() - 1);
        }

        JsonNode usage() {
            return usageChunk().path("usage");
        }

        JsonNode pura() {
            return usageChunk().path("pura");
        }

        List<JsonNode> choiceChunks() {
            return chunks.subList(0, chunks.size() - 1);
        }

        String text() {
            StringBuilder text = new StringBuilder();
            choiceChunks().forEach(c -> text.append(c.at("/choices/0/delta/content").asText("")));
            return text.toString();
        }

        String finishReason() {
            return choiceChunks().stream().map(c -> c.at("/choices/0/finish_reason"))
                    .filter(f -> f.isTextual()).map(JsonNode::asText).reduce((a, b) -> b).orElse(null);
        }

        /** OpenAI's shape: chunks with one choice each, one finish, then the usage chunk (no choices), then [DONE]. */
        void assertOpenAiShape(String model) {
            assertThat(done).as("ends with [DONE]").isTrue();
            assertThat(chunks).hasSizeGreaterThanOrEqualTo(2);
            String id = chunks.get(0).path("id").asText();
            assertThat(id).isNotBlank();
            for (JsonNode c : chunks) {
                assertThat(c.path("object").asText()).as(c.toString()).isEqualTo("chat.completion.chunk");
                assertThat(c.path("id").asText()).isEqualTo(id);
                assertThat(c.path("model").asText()).isEqualTo(model);
                assertThat(c.path("created").isNumber()).isTrue();
            }
            assertThat(choiceChunks()).allSatisfy(c -> {
                assertThat(c.path("choices").size()).as(c.toString()).isEqualTo(1);
                assertThat(c.at("/choices/0/index").asInt()).isZero();
                assertThat(c.at("/choices/0/delta").isObject()).as(c.toString()).isTrue();
                assertThat(c.has("usage") && !c.get("usage").isNull()).as("usage only in the last chunk").isFalse();
            });
            assertThat(choiceChunks().stream().filter(c -> c.at("/choices/0/finish_reason").isTextual()).count())
                    .as("one finish_reason").isEqualTo(1);
            assertThat(finishReason()).isIn("stop", "tool_calls", "length");
            if (finishReason().equals("tool_calls")) {
                JsonNode call = choiceChunks().stream().map(c -> c.at("/choices/0/delta/tool_calls/0"))
                        .filter(JsonNode::isObject).findFirst().orElseThrow();
                assertThat(call.path("id").asText()).isNotBlank();
                assertThat(call.path("type").asText()).isEqualTo("function");
                assertThat(call.at("/function/name").asText()).isNotBlank();
            }
            JsonNode usage = usage();
            assertThat(usageChunk().path("choices").isArray()).isTrue();
            assertThat(usageChunk().path("choices")).as("the usage chunk has no choices").isEmpty();
            assertThat(usage.path("prompt_tokens").asLong()).isPositive();
            assertThat(usage.path("completion_tokens").asLong()).isPositive();
            assertThat(usage.path("total_tokens").asLong())
                    .isEqualTo(usage.path("prompt_tokens").asLong() + usage.path("completion_tokens").asLong());
            assertThat(pura().path("requestId").asText()).startsWith("req_");
            assertThat(Usd.parse(pura().path("costUsd").asText()).nanos()).isPositive();
        }
    }
}
