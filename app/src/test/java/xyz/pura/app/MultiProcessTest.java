package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.ChildGateway;
import xyz.pura.app.testing.TestBroker;
import xyz.pura.app.testing.TestGateway;

/** The many-machines layout: ingress and ledger as two JVMs on one broker serve chat, report and wallet balance correctly. */
class MultiProcessTest {

    @Test
    void shouldServeChatAndReportWithIngressAndLedgerInSeparateProcesses() throws Exception {
        String kafka = TestBroker.bootstrapServers();
        try (ChildGateway ledger = ChildGateway.start(Files.createTempDirectory("pura-ledger-proc"),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka, "PURA_ROLES", "ledger"));
             ChildGateway ingress = ChildGateway.start(Files.createTempDirectory("pura-ingress-proc"),
                     Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka, "PURA_ROLES", "ingress", "PURA_LEDGER_URL", ledger.baseUrl(),
                             "PURA_SIM_LATENCY_MS", "0", "PURA_SIM_TOKEN_DELAY_MS", "0"))) {
            assertThat(get(ledger.baseUrl() + "/readyz", null).statusCode()).isEqualTo(200);
            String key = TestGateway.json(post(ingress.baseUrl() + "/api/keys", null, "{\"label\":\"two-jvms\"}").body())
                    .get("key").asText();

            HttpResponse<String> chat = post(ingress.baseUrl() + "/v1/chat/completions", key,
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
            assertThat(chat.statusCode()).isEqualTo(200);
            String cost = chat.headers().firstValue("X-Pura-Cost").orElseThrow();

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                HttpResponse<String> r = get(ingress.baseUrl() + "/api/report", key);
                if (r.statusCode() != 200) {
                    return false;
                }
                JsonNode report = TestGateway.json(r.body());
                return report.get("requestCount").asLong() == 1 && report.get("totalSpendUsd").asText().equals(cost);
            });
            JsonNode wallet = TestGateway.json(get(ingress.baseUrl() + "/api/wallet/balance", key).body());
            assertThat(wallet.get("freeRequestsUsed").asLong()).isEqualTo(1);
            assertThat(wallet.get("recentEntries")).hasSize(1);
        }
    }

    private static HttpResponse<String> post(String url, String key, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return TestGateway.send(b.build());
    }

    private static HttpResponse<String> get(String url, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return TestGateway.send(b.build());
    }
}
