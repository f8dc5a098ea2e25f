package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestGateway;

/**
 * Two ingress instances on one broker and one ledger: a settlement is spendable at once on the instance that made
 * it, and on the other one as soon as the ledger's spend view reaches it (the bound the README states).
 */
class TwoIngressSettlementTest {
    private static final String ADMIN = "admin-token-two-ingress-0123456789";
    private static final String HI = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":false}";

    @Test
    void shouldServeAPaidKeyAtOnceHereAndWithinTheSpendViewLagThere() {
        Map<String, String> common = Map.of("PURA_ADMIN_TOKEN", ADMIN, "PURA_FREE_REQUESTS", "0", "PURA_SATS_PER_USD", "100000");
        try (TestGateway here = TestGateway.start(common)) {
            java.util.Map<String, String> ingressOnly = new java.util.HashMap<>(common);
            ingressOnly.put("PURA_ROLES", "ingress");
            ingressOnly.put("PURA_LEDGER_URL", here.baseUrl());
            try (TestGateway there = TestGateway.start(ingressOnly)) {
                String key = TestGateway.json(here.post("/api/keys", null, "{\"label\":\"two\"}").body()).path("key").asText();
                Awaitility.await().atMost(Duration.ofSeconds(30))
                        .until(() -> there.post("/v1/chat/completions", key, HI).statusCode() == 402);

                String invoice = TestGateway.json(here.post("/api/wallet/fund", key, "{\"amount\": 1000}").body())
                        .path("invoiceId").asText();
                assertThat(here.post("/api/admin/wallet/settle", ADMIN, "{\"invoiceId\":\"" + invoice + "\"}").statusCode())
                        .isEqualTo(200);
                long settledAt = System.nanoTime();
                assertThat(here.post("/v1/chat/completions", key, HI).statusCode()).as("on the instance that settled")
                        .isEqualTo(200);

                Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                        .until(() -> there.post("/v1/chat/completions", key, HI).statusCode() == 200);
                long lagMs = (System.nanoTime() - settledAt) / 1_000_000;
                System.out.printf("TwoIngressSettlementTest: the other instance served the paid key %d ms after the settlement%n", lagMs);
            }
        }
    }
}
