package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestBroker;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.app.testing.TopicReader;
import xyz.pura.events.Topics;

/** A client that goes away mid-stream cancels the upstream call at once, and is billed for what it received. */
class CancellationTest {
    private static TestGateway gateway;
    private static String key;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(Map.of("PURA_SIM_TOKEN_DELAY_MS", "100"));
        key = gateway.createKey("cancel");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldCancelTheUpstreamWithinOneSecondAndRecordPartialTokens() throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/chat"))
                        .header("Authorization", "Bearer " + key)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"llama-3.3-70b-versatile\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a long story\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofInputStream());
        String requestId = response.headers().firstValue("X-Pura-Request-Id").orElseThrow();
        BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        int chunks = 0;
        while (chunks < 4) {
            String line = lines.readLine();
            if (line != null && line.startsWith("data: ")) {
                chunks++;
            }
        }

        long closedAt = System.nanoTime();
        response.body().close();

        await().atMost(Duration.ofSeconds(1)).until(() -> gateway.app().simulator().state().cancelled("groq") >= 1);
        assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(1));
        try (TopicReader completions = new TopicReader(TestBroker.bootstrapServers(), Topics.COMPLETIONS.name())) {
            JsonNode completed = completions.await(e -> e.path("requestId").asText().equals(requestId), 1).get(0);
            assertThat(completed.get("status").asText()).isEqualTo("client_cancelled");
            assertThat(completed.get("outputTokens").asInt()).isPositive();
            // the provider's usage never came: billed from the gateway's count of what was relayed, and marked so
            assertThat(completed.get("usageSource").asText()).isEqualTo("estimate");
            assertThat(completed.at("/charges/0/outputTokens").asInt()).isEqualTo(completed.get("outputTokens").asInt());
            assertThat(completed.at("/charges/0/costNanoUsd").asLong()).isEqualTo(completed.get("costNanoUsd").asLong());
        }
    }
}
