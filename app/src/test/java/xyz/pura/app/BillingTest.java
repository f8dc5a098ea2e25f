package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestBroker;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.app.testing.TopicReader;
import xyz.pura.events.Topics;
import xyz.pura.events.Usd;

/** X-Pura-Cost, the ledger and /api/report agree to the nano-dollar; budgets hold under concurrency. */
class BillingTest {
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String chat(String model, String text, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + text + "\"}]}";
    }

    private static String createKey(String label, String budget) {
        HttpResponse<String> r = gateway.post("/api/keys", null, "{\"label\":\"" + label + "\",\"dailyBudgetUsd\":\"" + budget + "\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        return TestGateway.json(r.body()).get("key").asText();
    }

    @Test
    void shouldReportExactlyTheSumOfTheCostHeaders() {
        String key = createKey("sum", "10");
        String[] models = {"gpt-4o", "claude-sonnet-4-20250514", "llama-3.3-70b-versatile", "gemini-2.0-flash", "auto"};
        Usd sum = Usd.ZERO;
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = gateway.post("/v1/chat/completions", key, chat(models[i % models.length], "question number " + i, false));
            assertThat(r.statusCode()).isEqualTo(200);
            Usd cost = Usd.parse(r.headers().firstValue("X-Pura-Cost").orElseThrow());
            assertThat(cost.nanos()).isPositive();
            assertThat(TestGateway.json(r.body()).at("/pura/costUsd").asText()).isEqualTo(cost.toString());
            sum = sum.plus(cost);
        }

        JsonNode report = gateway.awaitReport(key, 10);

        assertThat(report.get("totalSpendUsd").asText()).isEqualTo(sum.toString());
        assertThat(report.get("averageCostUsd").asText()).isEqualTo(Usd.ofNanos(
                new BigDecimal(sum.nanos()).divide(BigDecimal.TEN, 0, java.math.RoundingMode.HALF_UP).longValueExact()).toString());
        long modelRequests = 0;
        Usd modelCosts = Usd.ZERO;
        for (JsonNode m : report.get("models")) {
            modelRequests += m.get("requests").asLong();
            modelCosts = modelCosts.plus(Usd.parse(m.get("costUsd").asText()));
        }
        assertThat(modelRequests).isEqualTo(10);
        assertThat(modelCosts).isEqualTo(sum);
        assertThat(Usd.parse(report.at("/budget/remainingTodayUsd").asText())).isEqualTo(Usd.parse("10").minus(sum));
    }

    @Test
    void shouldRecordTheFinalCostOfEachStreamInTheLedger() {
        String key = createKey("streams", "10");
        Map<String, String> costByRequest = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = gateway.post("/api/chat", key, chat("auto", "stream number " + i, true));
            assertThat(r.statusCode()).isEqualTo(200);
            String[] lines = r.body().split("\n\n");
            assertThat(lines[lines.length - 1]).isEqualTo("data: [DONE]");
            JsonNode last = TestGateway.json(lines[lines.length - 2].substring("data: ".length()));
            assertThat(last.at("/choices/0/finish_reason").asText()).isNotEmpty();
            assertThat(last.has("usage")).as("no usage chunk unless stream_options.include_usage").isFalse();
            costByRequest.put(last.at("/pura/requestId").asText(), last.at("/pura/costUsd").asText());
        }

        try (TopicReader ledger = new TopicReader(TestBroker.bootstrapServers(), Topics.LEDGER.name())) {
            List<JsonNode> debits = ledger.await(e -> costByRequest.containsKey(e.path("sourceId").asText()), 5);
            assertThat(debits).hasSize(5).allSatisfy(d -> assertThat(Usd.ofNanos(d.get("amountNanoUsd").asLong()).toString())
                    .isEqualTo(costByRequest.get(d.get("sourceId").asText())));
        }
    }

    @Test
    void shouldOvershootADailyCapByAtMostOneRequestUnderTwoHundredConcurrentRequests() {
        String cap = "0.01";
        String key = createKey("race", cap);
        String prompt = "word ".repeat(1000).trim();
        String body = "{\"model\":\"gpt-4o\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            inFlight.add(http.sendAsync(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses = inFlight.stream().map(CompletableFuture::join).toList();

        List<Usd> costs = responses.stream().filter(r -> r.statusCode() == 200)
                .map(r -> Usd.parse(r.headers().firstValue("X-Pura-Cost").orElseThrow())).toList();
        Usd spent = costs.stream().reduce(Usd.ZERO, Usd::plus);
        Usd maxOne = costs.stream().max(Usd::compareTo).orElseThrow();
        assertThat(costs).isNotEmpty();
        assertThat(spent).isLessThanOrEqualTo(Usd.parse(cap).plus(maxOne));
        assertThat(responses).allSatisfy(r -> {
            assertThat(r.statusCode()).isIn(200, 402, 429);
            if (r.statusCode() == 402) {
                assertThat(TestGateway.json(r.body()).at("/error/code").asText()).isEqualTo("budget_exhausted");
                assertThat(r.headers().firstValue("X-Pura-Budget-Remaining")).contains("0");
            }
            if (r.statusCode() == 429) {
                // refused before the cap was reached: the requests in flight held the room, nothing said "spent"
                assertThat(TestGateway.json(r.body()).at("/error/code").asText()).isEqualTo("budget_in_flight");
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
            }
        });
        JsonNode report = gateway.awaitReport(key, costs.size());
        assertThat(report.get("totalSpendUsd").asText()).isEqualTo(spent.toString());
        HttpResponse<String> later = gateway.post("/v1/chat/completions", key, body);
        assertThat(later.statusCode()).isEqualTo(402);
    }

    @Test
    void shouldNeverShowOneKeysReportToAnother() {
        String alice = createKey("alice", "10");
        String bob = createKey("bob", "10");
        assertThat(gateway.post("/v1/chat/completions", alice, chat("auto", "alice asks", false)).statusCode()).isEqualTo(200);
        gateway.awaitReport(alice, 1);

        JsonNode bobs = TestGateway.json(gateway.get("/api/report", bob).body());

        assertThat(bobs.get("requestCount").asLong()).isZero();
        assertThat(bobs.get("totalSpendUsd").asText()).isEqualTo("0.000000000");
        assertThat(bobs.get("keyId").asText()).isNotEqualTo(TestGateway.json(gateway.get("/api/report", alice).body()).get("keyId").asText());
        assertThat(gateway.get("/api/report", null).statusCode()).isEqualTo(401);
    }
}
