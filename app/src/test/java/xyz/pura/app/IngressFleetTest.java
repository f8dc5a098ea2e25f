package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

/**
 * The bounds the README states for N ingress instances, with N = 2 (two ingress processes' worth of state in one
 * JVM, one ledger, one broker): within a burst, a daily cap holds per instance (at most N times the cap plus one
 * request each, in all), the ledger books exactly
 * the free requests a key has however many instances served it at once (the rest in sats, possibly below 0), a rate
 * limit holds per instance (so a key gets up to N times it), and a revocation reaches every instance.
 */
class IngressFleetTest {
    private static final String ADMIN = "admin-token-ingress-fleet-0123456789";
    private static TestGateway ledger;
    private static TestGateway a;
    private static TestGateway b;

    @BeforeAll
    static void start() {
        Map<String, String> common = Map.of("PURA_ADMIN_TOKEN", ADMIN, "PURA_FREE_REQUESTS", "3",
                "PURA_RATE_LIMIT_RPM", "100", "PURA_KEYS_PER_MINUTE_PER_ADDRESS", "0");
        Map<String, String> ledgerEnv = new HashMap<>(common);
        ledgerEnv.put("PURA_ROLES", "ledger");
        ledger = TestGateway.start(ledgerEnv);
        Map<String, String> ingressEnv = new HashMap<>(common);
        ingressEnv.put("PURA_ROLES", "ingress");
        ingressEnv.put("PURA_LEDGER_URL", ledger.baseUrl());
        a = TestGateway.start(ingressEnv);
        b = TestGateway.start(ingressEnv);
    }

    @AfterAll
    static void stop() {
        for (TestGateway g : new TestGateway[] {b, a, ledger}) {
            if (g != null) {
                g.close();
            }
        }
    }

    private static JsonNode newKey(String label, String budget) {
        HttpResponse<String> r = a.post("/api/keys", ADMIN, "{\"label\":\"" + label + "\",\"dailyBudgetUsd\":\"" + budget + "\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        return TestGateway.json(r.body());
    }

    private static List<HttpResponse<String>> concurrently(String key, String body, int perInstance) {
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < perInstance; i++) {
            for (TestGateway g : new TestGateway[] {a, b}) {
                inFlight.add(http.sendAsync(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/v1/chat/completions"))
                        .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
        }
        return inFlight.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void shouldHoldTheDailyCapPerInstanceWithinABurst() {
        // Given a funded key with a small cap (its sats cover far more than the cap), seen as funded by both instances
        JsonNode key = newKey("fleet-cap", "0.01");
        String invoice = TestGateway.json(a.post("/api/wallet/fund", key.get("key").asText(), "{\"amount\": 1000000}").body())
                .path("invoiceId").asText();
        assertThat(a.post("/api/admin/wallet/settle", ADMIN, "{\"invoiceId\":\"" + invoice + "\"}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> TestGateway.json(b.get("/api/wallet/balance", key.get("key").asText())
                .body()).path("balanceMsat").asLong() > 0);
        String body = "{\"model\":\"gpt-4o\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\""
                + "word ".repeat(1000).trim() + "\"}]}";

        // When 120 requests race through both instances
        List<HttpResponse<String>> responses = concurrently(key.get("key").asText(), body, 60);

        // Then what was spent is at most N times (the cap plus one request): within a burst shorter than the spend
        // view's lag, each instance admits against the room it sees, not knowing what the others spend
        List<Usd> costs = responses.stream().filter(r -> r.statusCode() == 200)
                .map(r -> Usd.parse(r.headers().firstValue("X-Pura-Cost").orElseThrow())).toList();
        assertThat(costs).isNotEmpty();
        Usd spent = costs.stream().reduce(Usd.ZERO, Usd::plus);
        Usd maxOne = costs.stream().max(Usd::compareTo).orElseThrow();
        assertThat(spent).isLessThanOrEqualTo(Usd.parse("0.01").plus(maxOne).plus(Usd.parse("0.01")).plus(maxOne));
        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 402, 429));
        System.out.printf("IngressFleetTest: cap 0.01 USD, spent %s in %d requests through 2 instances (one request at most %s)%n",
                spent, costs.size(), maxOne);
        // and once the ledger's spend view has reached both, both refuse the key for the rest of the day
        for (TestGateway g : new TestGateway[] {a, b}) {
            await().atMost(Duration.ofSeconds(10)).until(() -> g.post("/v1/chat/completions", key.get("key").asText(), body)
                    .statusCode() == 402);
        }
    }

    @Test
    void shouldBookExactlyTheFreeRequestsAndTheRestInSatsWhenBothInstancesServeAtOnce() {
        // Given an unfunded key with 3 free requests
        JsonNode key = newKey("fleet-free", "10");
        String body = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"free?\"}]}";

        // When 4 requests race through each instance
        List<HttpResponse<String>> responses = concurrently(key.get("key").asText(), body, 4);

        // Then each instance served at most the 3 free requests its view allowed (N x 3 in all)
        long served = responses.stream().filter(r -> r.statusCode() == 200).count();
        assertThat(served).isBetween(3L, 6L);
        assertThat(responses).filteredOn(r -> r.statusCode() != 200)
                .allSatisfy(r -> assertThat(r.statusCode()).isIn(402, 429));
        // and the ledger booked exactly 3 of them free and the others in sats, below a zero balance
        try (TopicReader entries = new TopicReader(TestBroker.bootstrapServers(), Topics.LEDGER.name())) {
            List<JsonNode> debits = entries.await(e -> e.path("keyId").asText().equals(key.get("keyId").asText())
                    && e.path("kind").asText().equals("debit"), (int) served);
            assertThat(debits).hasSize((int) served);
            assertThat(debits.stream().filter(d -> d.get("amountMsat").asLong() == 0).count()).isEqualTo(3);
            assertThat(debits.stream().filter(d -> d.get("amountMsat").asLong() > 0).count()).isEqualTo(served - 3);
            long lowest = debits.stream().mapToLong(d -> d.get("balanceAfterMsat").asLong()).min().orElseThrow();
            assertThat(lowest).isLessThanOrEqualTo(0);
        }
        System.out.printf("IngressFleetTest: 3 free requests, %d served by two instances at once%n", served);
    }

    @Test
    void shouldLimitTheRatePerInstanceSoAKeyGetsUpToNTimesIt() {
        // Given a key, and the per-key limit of 100 a minute on each instance
        String key = newKey("fleet-rate", "10").get("key").asText();

        // When one instance's bucket is drained (requests with an empty body pass the rate gate, then get 400)
        int passed = 0;
        boolean limited = false;
        for (int i = 0; i < 150 && !limited; i++) {
            int status = a.post("/v1/chat/completions", key, "{}").statusCode();
            limited = status == 429;
            passed += status == 400 ? 1 : 0;
        }

        // Then that instance refuses with 429 after about its 100 while the other still takes the key's requests
        assertThat(limited).as("instance A reached its per-key limit").isTrue();
        assertThat(passed).isBetween(95, 105);
        HttpResponse<String> other = b.post("/v1/chat/completions", key, "{}");
        assertThat(other.statusCode()).as("instance B has its own bucket").isEqualTo(400);
    }

    @Test
    void shouldRefuseARevokedKeyOnEveryInstanceWithinSeconds() {
        // Given a key that works on both instances
        JsonNode key = newKey("fleet-revoke", "10");
        String secret = key.get("key").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> b.get("/api/report", secret).statusCode() == 200);

        // When the admin revokes it through instance A
        assertThat(a.post("/api/admin/keys/" + key.get("keyId").asText() + "/revoke", ADMIN, "{}").statusCode()).isEqualTo(200);
        long revoked = System.nanoTime();

        // Then A refuses it at once and B within seconds (pura.keys)
        assertThat(a.get("/api/report", secret).statusCode()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> b.get("/api/report", secret).statusCode() == 401);
        System.out.printf("IngressFleetTest: the other instance refused the revoked key %d ms after the revocation%n",
                (System.nanoTime() - revoked) / 1_000_000);
    }
}
