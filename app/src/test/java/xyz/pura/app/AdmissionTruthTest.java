package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.events.Usd;

/**
 * Admission under concurrency, as a new user meets it (the simulator answering in 200 ms): a reservation is an honest
 * estimate and never reported as spent money, a settled payment is spendable at once, and the free tier is exact.
 */
class AdmissionTruthTest {
    private static final String ADMIN = "admin-token-admission-0123456789";
    private static final String HI = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi.\"}],\"stream\":false}";

    @Test
    void shouldAdmitTwoHundredConcurrentRequestsWhoseTrueCostIsWellUnderTheCap() {
        try (TestGateway gateway = TestGateway.start(Map.of("PURA_SIM_LATENCY_MS", "200"))) {
            String key = key(gateway.post("/api/keys", null, "{\"label\":\"cap\",\"dailyBudgetUsd\":\"1\"}"));
            List<HttpResponse<String>> answers = concurrently(gateway, key, HI, 200);

            assertThat(answers).extracting(HttpResponse::statusCode).as("statuses").containsOnly(200);
            Usd spent = answers.stream().map(r -> Usd.parse(r.headers().firstValue("X-Pura-Cost").orElseThrow()))
                    .reduce(Usd.ZERO, Usd::plus);
            assertThat(spent).isLessThan(Usd.parse("0.5"));
            JsonNode budget = TestGateway.json(gateway.get("/api/report", key).body()).path("budget");
            assertThat(Usd.parse(budget.path("spentTodayUsd").asText())).isEqualTo(spent);
            assertThat(Usd.parse(budget.path("reservedInFlightUsd").asText())).isEqualTo(Usd.ZERO);
        }
    }

    @Test
    void shouldGiveExactlyTheFreeRequestsUnderOneHundredWayConcurrency() {
        try (TestGateway gateway = TestGateway.start(Map.of("PURA_SIM_LATENCY_MS", "200", "PURA_FREE_REQUESTS", "10"))) {
            String key = key(gateway.post("/api/keys", null, "{\"label\":\"free\"}"));
            List<HttpResponse<String>> answers = concurrently(gateway, key, HI, 100);

            assertThat(answers.stream().filter(r -> r.statusCode() == 200).count()).isEqualTo(10);
            assertThat(answers).allSatisfy(r -> {
                if (r.statusCode() != 200) {
                    assertThat(r.statusCode()).as(r.body()).isIn(402, 429);
                    String code = TestGateway.json(r.body()).at("/error/code").asText();
                    assertThat(code).isEqualTo(r.statusCode() == 402 ? "free_tier_exceeded" : "balance_in_flight");
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode wallet = TestGateway.json(gateway.get("/api/wallet/balance", key).body());
                assertThat(wallet.path("freeRequestsUsed").asLong()).isEqualTo(10);
                assertThat(wallet.path("bookedBalanceMsat").asLong()).isZero();
            });
        }
    }

    @Test
    void shouldServeARequestSentTheMomentAPaymentSettlesOneHundredTimesInARow() {
        try (TestGateway gateway = TestGateway.start(Map.of("PURA_SIM_LATENCY_MS", "0", "PURA_FREE_REQUESTS", "0",
                "PURA_ADMIN_TOKEN", ADMIN, "PURA_FUND_PER_MINUTE_PER_KEY", "0", "PURA_SATS_PER_USD", "100000"))) {
            String key = key(gateway.post("/api/keys", null, "{\"label\":\"pays\"}"));
            HttpResponse<String> unpaid = gateway.post("/v1/chat/completions", key, HI);
            assertThat(unpaid.statusCode()).isEqualTo(402);
            for (int i = 0; i < 100; i++) {
                HttpResponse<String> fund = gateway.post("/api/wallet/fund", key, "{\"amount\": 1000}");
                assertThat(fund.statusCode()).as(fund.body()).isEqualTo(201);
                String invoice = TestGateway.json(fund.body()).path("invoiceId").asText();
                HttpResponse<String> settled = gateway.post("/api/admin/wallet/settle", ADMIN, "{\"invoiceId\":\"" + invoice + "\"}");
                assertThat(settled.statusCode()).as(settled.body()).isEqualTo(200);
                assertThat(TestGateway.json(gateway.get("/api/wallet/status?invoiceId=" + invoice, key).body())
                        .path("status").asText()).isEqualTo("settled");
                HttpResponse<String> chat = gateway.post("/v1/chat/completions", key, HI);
                assertThat(chat.statusCode()).as("try %s: %s", i, chat.body()).isEqualTo(200);
            }
        }
    }

    private static String key(HttpResponse<String> created) {
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return TestGateway.json(created.body()).path("key").asText();
    }

    private static List<HttpResponse<String>> concurrently(TestGateway gateway, String key, String body, int n) {
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inFlight.add(http.sendAsync(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        return inFlight.stream().map(CompletableFuture::join).toList();
    }
}
