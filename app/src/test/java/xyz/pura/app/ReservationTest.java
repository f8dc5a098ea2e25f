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
import xyz.pura.app.testing.TestGateway;
import xyz.pura.events.Usd;
import xyz.pura.simulator.Fault;

/** Requests that fail upstream, time out or are cancelled by the client leave no reservation behind. */
class ReservationTest {
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(Map.of("PURA_UPSTREAM_TIMEOUT_SECONDS", "1", "PURA_SIM_TOKEN_DELAY_MS", "100",
                "PURA_BREAKER_FAILURES", "1000"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldReturnTheBudgetToExactlyCapMinusSpendAfterFailuresTimeoutsAndCancels() throws Exception {
        String key = TestGateway.json(gateway.post("/api/keys", null, "{\"label\":\"holds\",\"dailyBudgetUsd\":\"1\"}").body())
                .get("key").asText();
        String groq = "{\"model\":\"llama-3.3-70b-versatile\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        gateway.app().simulator().state().injectFault("groq", Fault.status(500), 2);
        assertThat(gateway.post("/v1/chat/completions", key, groq).statusCode()).isEqualTo(502);
        gateway.app().simulator().state().injectFault("groq", new Fault(Fault.Kind.TIMEOUT, 0), 2);
        assertThat(gateway.post("/v1/chat/completions", key, groq).statusCode()).isEqualTo(504);
        gateway.app().simulator().state().clearFaults();
        cancelAStreamAfterTwoChunks(key, groq);
        assertThat(gateway.post("/v1/chat/completions", key, groq).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode report = TestGateway.json(gateway.get("/api/report", key).body());
            Usd spent = Usd.parse(report.get("totalSpendUsd").asText());
            // billed: the timeout (the input the provider was sent), the cancelled stream (what it received) and the
            // 200; not the 500s
            return report.get("requestCount").asLong() == 3
                    && report.at("/budget/reservedInFlightUsd").asText().equals("0.000000000")
                    && Usd.parse(report.at("/budget/remainingTodayUsd").asText()).equals(Usd.parse("1").minus(spent));
        });
    }

    private static void cancelAStreamAfterTwoChunks(String key, String body) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/chat")).header("Authorization", "Bearer " + key)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        int chunks = 0;
        while (chunks < 2) {
            String line = lines.readLine();
            if (line != null && line.startsWith("data: ")) {
                chunks++;
            }
        }
        response.body().close();
        await().atMost(Duration.ofSeconds(2)).until(() -> gateway.app().simulator().state().cancelled("groq") >= 1);
    }
}
