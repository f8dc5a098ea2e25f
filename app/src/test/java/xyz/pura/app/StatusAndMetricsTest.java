package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.simulator.Fault;

/** /api/status follows injected faults; /metrics is Prometheus text whose request counter matches the traffic. */
class StatusAndMetricsTest {
    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)$");

    @Test
    void shouldCountEveryRequestInPrometheusTextAndTurnDegradedOnProviderAndKafkaFaults() {
        try (TestGateway gateway = TestGateway.startIsolated(Map.of("PURA_BREAKER_FAILURES", "2"))) {
            String key = gateway.createKey("status");
            for (int i = 0; i < 7; i++) {
                assertThat(gateway.post("/v1/chat/completions", key,
                        "{\"model\":\"gemini-2.0-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode()).isEqualTo(200);
            }
            JsonNode healthy = TestGateway.json(gateway.get("/api/status", null).body());
            assertThat(healthy.get("status").asText()).isEqualTo("operational");
            assertThat(gateway.get("/api/status", null).headers().firstValue("Cache-Control")).contains("max-age=10");

            String metrics = gateway.get("/metrics", null).body();
            double counted = 0;
            for (String line : metrics.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.matches()).as("Prometheus sample line: %s", line).isTrue();
                if (m.group(1).equals("pura_requests_total") && m.group(2).contains("provider=\"gemini\"")) {
                    counted += Double.parseDouble(m.group(3));
                }
            }
            assertThat(counted).isEqualTo(7.0);

            gateway.app().simulator().state().injectFault("gemini", Fault.status(500), -1);
            gateway.post("/v1/chat/completions", key, "{\"model\":\"gemini-2.0-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            JsonNode providerDown = TestGateway.json(gateway.get("/api/status", null).body());
            assertThat(providerDown.get("status").asText()).isEqualTo("degraded");
            assertThat(providerDown.get("providers")).anySatisfy(p -> {
                assertThat(p.get("name").asText()).isEqualTo("gemini");
                assertThat(p.get("status").asText()).isEqualTo("degraded");
            });

            gateway.app().broker().close();
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    !TestGateway.json(gateway.get("/api/status", null).body()).at("/gateway/kafkaReachable").asBoolean());
            HttpResponse<String> ready = gateway.get("/readyz", null);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(TestGateway.json(gateway.get("/api/status", null).body()).get("status").asText()).isIn("degraded", "outage");
        }
    }
}
