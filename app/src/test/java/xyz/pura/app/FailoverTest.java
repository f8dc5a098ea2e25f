package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.app.testing.TopicReader;
import xyz.pura.events.Topics;
import xyz.pura.simulator.Fault;

/**
 * Retry, fallback within the tier, and circuit breakers, against injected upstream faults. On its own
 * broker, and the fallback test first: the failures these tests inject lower the providers' quality
 * scores, which would steer later routing away from the failing provider (as it should).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverTest {
    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    private static TestGateway gateway;
    private static String key;

    @BeforeAll
    static void start() {
        gateway = TestGateway.startIsolated(Map.of("PURA_BREAKER_FAILURES", "3", "PURA_BREAKER_OPEN_SECONDS", "1",
                "PURA_EXPLORATION_RATE", "0"));
        key = gateway.createKey("failover");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @AfterEach
    void clearFaultsAndLetBreakersClose() {
        gateway.app().simulator().state().clearFaults();
        await().atMost(Duration.ofSeconds(5)).until(() ->
                gateway.post("/v1/chat/completions", key, "{\"model\":\"llama-3.1-8b-instant\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode() == 200
                && gateway.post("/v1/chat/completions", key, "{\"model\":\"gemini-2.0-flash-lite\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode() == 200
                && gateway.post("/v1/chat/completions", key, "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode() == 200);
    }

    @Test
    @Order(1)
    void shouldFallBackToTheNextProviderOfTheTierWhenOneAnswers500() {
        gateway.app().simulator().state().injectFault("groq", Fault.status(500), -1);
        List<String> ids = new ArrayList<>();

        for (int i = 0; i < 12; i++) {
            HttpResponse<String> r = gateway.post("/v1/chat/completions", key, HELLO);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Pura-Provider")).contains("gemini");
            ids.add(r.headers().firstValue("X-Pura-Request-Id").orElseThrow());
        }

        try (TopicReader completions = new TopicReader(gateway.app().bootstrapServers(), Topics.COMPLETIONS.name())) {
            List<JsonNode> events = completions.await(e -> ids.contains(e.path("requestId").asText()), ids.size());
            assertThat(events).allSatisfy(e -> assertThat(e.get("provider").asText()).isEqualTo("gemini"));
            assertThat(events).anySatisfy(e -> {
                List<String> outcomes = new ArrayList<>();
                e.get("attempts").forEach(a -> outcomes.add(a.get("provider").asText() + ":" + a.get("outcome").asText()));
                assertThat(outcomes).containsSubsequence("groq:server_error", "gemini:ok");
            });
        }
    }

    @Test
    void shouldAnswerAnErrorEnvelopeWhenEveryProviderOfTheTierIsDown() {
        gateway.app().simulator().state().injectFault("groq", Fault.status(500), -1);
        gateway.app().simulator().state().injectFault("gemini", Fault.status(503), -1);

        HttpResponse<String> r = gateway.post("/v1/chat/completions", key, HELLO);

        assertThat(r.statusCode()).isIn(502, 503);
        JsonNode error = TestGateway.json(r.body()).get("error");
        assertThat(error.get("code").asText()).isIn("upstream_error", "upstream_overloaded", "no_provider_available");
        assertThat(error.get("message").asText()).isNotBlank();
    }

    @Test
    void shouldOpenTheBreakerAfterRepeatedFailuresAndCloseItAfterASuccessfulProbe() {
        String gpt = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        gateway.app().simulator().state().injectFault("openai", Fault.status(500), -1);

        assertThat(gateway.post("/v1/chat/completions", key, gpt).statusCode()).isEqualTo(502);
        assertThat(gateway.post("/v1/chat/completions", key, gpt).statusCode()).isEqualTo(502);
        long upstreamCalls = gateway.app().simulator().state().requests("openai");

        HttpResponse<String> open = gateway.post("/v1/chat/completions", key, gpt);
        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(TestGateway.json(open.body()).at("/error/code").asText()).isEqualTo("no_provider_available");
        assertThat(gateway.app().simulator().state().requests("openai")).isEqualTo(upstreamCalls);
        JsonNode status = TestGateway.json(gateway.get("/api/status", null).body());
        status.get("providers").forEach(p -> {
            if (p.get("name").asText().equals("openai")) {
                assertThat(p.get("circuit").asText()).isEqualTo("open");
                assertThat(p.get("status").asText()).isEqualTo("degraded");
            }
        });

        gateway.app().simulator().state().clearFaults();
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.post("/v1/chat/completions", key, gpt).statusCode() == 200);
    }
}
