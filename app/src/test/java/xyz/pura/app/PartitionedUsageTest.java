package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.events.Usd;

/**
 * The usage API through an ingress without a ledger of its own, over two ledger instances that split the keys: each
 * key's days come from the instance that owns it (over the wire), the admin's list has every key of both, and the
 * export (read from pura.ledger, not from a ledger instance) has every key's entry.
 */
class PartitionedUsageTest {
    private static final String ADMIN = "partitioned-usage-admin";
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

    @Test
    void shouldListAndExportEveryKeyAcrossTwoLedgerInstances() {
        // given two ledger instances, an ingress that knows both, and one request for each of 8 keys
        ledgerA = TestGateway.start(Map.of("PURA_ROLES", "ledger"));
        ledgerB = TestGateway.start(Map.of("PURA_ROLES", "ledger"));
        ingress = TestGateway.start(Map.of("PURA_ROLES", "ingress", "PURA_ADMIN_TOKEN", ADMIN,
                "PURA_LEDGER_URL", ledgerA.baseUrl() + "," + ledgerB.baseUrl(), "PURA_KEYS_PER_MINUTE_PER_ADDRESS", "0"));
        Map<String, String> keyIds = new LinkedHashMap<>();
        Map<String, Usd> costs = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            JsonNode k = TestGateway.json(ingress.post("/api/keys", null, "{\"label\":\"pu-" + i + "\"}").body());
            String key = k.get("key").asText();
            keyIds.put(key, k.get("keyId").asText());
            HttpResponse<String> r = ingress.post("/v1/chat/completions", key,
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"usage " + i + "\"}]}");
            assertThat(r.statusCode()).isEqualTo(200);
            costs.put(keyIds.get(key), Usd.parse(r.headers().firstValue("X-Pura-Cost").orElseThrow()));
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        // when the group has settled with both instances owning some keys' daily usage
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            int ownedByA = 0;
            for (String keyId : keyIds.values()) {
                boolean a = ownsUsage(ledgerA, keyId, today);
                assertThat(a ^ ownsUsage(ledgerB, keyId, today)).as("exactly one owner of " + keyId).isTrue();
                ownedByA += a ? 1 : 0;
            }
            assertThat(ownedByA).as("both instances own some of the 8 keys").isBetween(1, 7);
        });

        // then each key's usage, read through the ingress, is its own request's cost
        for (Map.Entry<String, String> k : keyIds.entrySet()) {
            JsonNode usage = awaitUsage(k.getKey());
            assertThat(usage.get("keyId").asText()).isEqualTo(k.getValue());
            assertThat(usage.get("totalSpendUsd").asText()).isEqualTo(costs.get(k.getValue()).toString());
        }
        // and the admin's list has all 8, each with its spend
        JsonNode list = TestGateway.json(ingress.get("/api/usage/keys", ADMIN).body());
        for (String keyId : keyIds.values()) {
            JsonNode row = null;
            for (JsonNode r : list.get("data")) {
                row = r.get("keyId").asText().equals(keyId) ? r : row;
            }
            assertThat(row).as(keyId).isNotNull();
            assertThat(row.get("spendUsd").asText()).isEqualTo(costs.get(keyId).toString());
            assertThat(row.get("requests").asLong()).isEqualTo(1);
        }
        // and the admin's export of today has every key's debit at its cost
        // (each entry is there once its instance's transaction has committed)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> export = ingress.get("/api/usage/export?from=" + today + "&to=" + today + "&format=jsonl",
                    ADMIN);
            assertThat(export.statusCode()).isEqualTo(200);
            List<JsonNode> lines = export.body().isEmpty() ? List.of() : Arrays.stream(export.body().split("\n"))
                    .map(TestGateway::json).filter(o -> keyIds.containsValue(o.get("keyId").asText())).toList();
            assertThat(lines).hasSize(8).allSatisfy(o -> assertThat(o.get("costUsd").asText())
                    .isEqualTo(costs.get(o.get("keyId").asText()).toString()));
        });
    }

    private JsonNode awaitUsage(String key) {
        JsonNode[] out = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> r = ingress.get("/api/usage", key);
            out[0] = r.statusCode() == 200 ? TestGateway.json(r.body()) : null;
            return out[0] != null && out[0].get("requestCount").asLong() == 1;
        });
        return out[0];
    }

    private static boolean ownsUsage(TestGateway instance, String keyId, LocalDate day) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/internal/ledger/usage/" + keyId
                + "?from=" + day + "&to=" + day)).header("X-Pura-Ledger-Read", "owner").GET().build();
        return TestGateway.send(request).statusCode() == 200;
    }
}
