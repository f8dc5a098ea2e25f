package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.events.Usd;

/**
 * Two ledger instances split the keys' partitions; an ingress that knows both (PURA_LEDGER_URL with two URLs)
 * answers every key's report from the instance that owns it, each instance forwards what it does not own, exactly one
 * instance answers each key as its owner, and when one instance goes away the other serves all keys again.
 */
class PartitionedLedgerTest {
    private TestGateway ledgerA;
    private TestGateway ledgerB;
    private TestGateway ingress;

    @AfterEach
    void stop() {
        for (TestGateway g : new TestGateway[] {ingress, ledgerB, ledgerA}) {
            if (g != null) {
                g.close();
            }
        }
    }

    private static TestGateway ledger() {
        return TestGateway.start(Map.of("PURA_ROLES", "ledger", "PURA_LEDGER_STANDBY_REPLICAS", "1"));
    }

    @Test
    void shouldAnswerEveryKeyFromItsOwnerAndServeAllKeysAgainWhenOneInstanceLeaves() {
        // Given two ledger instances and an ingress that knows both
        ledgerA = ledger();
        ledgerB = ledger();
        ingress = TestGateway.start(Map.of("PURA_ROLES", "ingress",
                "PURA_LEDGER_URL", ledgerA.baseUrl() + "," + ledgerB.baseUrl(), "PURA_KEYS_PER_MINUTE_PER_ADDRESS", "0"));

        // and one answered request for each of 12 keys
        Map<String, String> keyIds = new LinkedHashMap<>();
        Map<String, Usd> costs = new HashMap<>();
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> created = ingress.post("/api/keys", null, "{\"label\":\"part-" + i + "\"}");
            JsonNode k = TestGateway.json(created.body());
            String key = k.get("key").asText();
            keyIds.put(key, k.get("keyId").asText());
            HttpResponse<String> r = ingress.post("/v1/chat/completions", key,
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"partition " + i + "\"}]}");
            assertThat(r.statusCode()).isEqualTo(200);
            costs.put(key, Usd.parse(r.headers().firstValue("X-Pura-Cost").orElseThrow()));
        }

        // When the group has settled: each key has exactly one instance that answers for it as its owner
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            int ownedByA = 0;
            for (String keyId : keyIds.values()) {
                boolean a = answersAsOwner(ledgerA, keyId);
                boolean b = answersAsOwner(ledgerB, keyId);
                assertThat(a ^ b).as("exactly one owner of " + keyId).isTrue();
                ownedByA += a ? 1 : 0;
            }
            assertThat(ownedByA).as("both instances own some of the 12 keys").isBetween(1, 11);
        });

        // Then the ingress reports each key's own spend, and each instance answers for every key (forwarding)
        for (Map.Entry<String, String> k : keyIds.entrySet()) {
            JsonNode report = ingress.awaitReport(k.getKey(), 1);
            assertThat(report.get("keyId").asText()).isEqualTo(k.getValue());
            assertThat(report.get("totalSpendUsd").asText()).isEqualTo(costs.get(k.getKey()).toString());
            for (TestGateway instance : new TestGateway[] {ledgerA, ledgerB}) {
                JsonNode direct = TestGateway.json(internal(instance, "/internal/ledger/report/" + k.getValue(), null).body());
                assertThat(direct.get("keyId").asText()).isEqualTo(k.getValue());
                assertThat(direct.get("requestCount").asLong()).isEqualTo(1);
            }
        }

        // When instance B leaves the group
        ledgerB.close();
        ledgerB = null;
        long left = System.nanoTime();

        // Then every key's report is answered again, by A, within seconds
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            for (Map.Entry<String, String> k : keyIds.entrySet()) {
                HttpResponse<String> r = ingress.get("/api/report", k.getKey());
                assertThat(r.statusCode()).as(k.getValue()).isEqualTo(200);
                JsonNode report = TestGateway.json(r.body());
                assertThat(report.get("keyId").asText()).isEqualTo(k.getValue());
                assertThat(report.get("totalSpendUsd").asText()).isEqualTo(costs.get(k.getKey()).toString());
            }
        });
        System.out.printf("all 12 keys answered again %d ms after one of two ledger instances left%n",
                (System.nanoTime() - left) / 1_000_000);
        // and the wallet balance, routed through the same owner, is answered for a key too
        String anyKey = keyIds.keySet().iterator().next();
        assertThat(ingress.get("/api/wallet/balance", anyKey).statusCode()).isEqualTo(200);
    }

    private static boolean answersAsOwner(TestGateway instance, String keyId) {
        return internal(instance, "/internal/ledger/report/" + keyId, "owner").statusCode() == 200;
    }

    private static HttpResponse<String> internal(TestGateway instance, String path, String readMode) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(instance.baseUrl() + path)).GET();
        if (readMode != null) {
            b.header("X-Pura-Ledger-Read", readMode);
        }
        return TestGateway.send(b.build());
    }
}
