package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.testing.LogCapture;
import xyz.pura.app.testing.TestBroker;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.app.testing.TopicReader;
import xyz.pura.events.Topics;
import xyz.pura.simulator.Fault;

/** X-Provider-Key: the upstream sees the caller's key; events and logs never do; no fallback to another provider. */
class ByokTest {
    private static final String BYOK = "sk-byok-test-0123456789abcdefghij";
    private static TestGateway gateway;
    private static String key;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        key = gateway.createKey("byok");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static HttpResponse<String> byok(String body) {
        return TestGateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("X-Provider-Key", BYOK)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void shouldSendTheCallersKeyUpstreamAndKeepItOutOfEventsAndLogs() {
        try (LogCapture logs = new LogCapture()) {
            HttpResponse<String> ok = byok("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            gateway.app().simulator().state().injectFault("openai", Fault.status(401), 1);
            HttpResponse<String> refused = byok("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(gateway.app().simulator().state().lastCredential("openai")).isEqualTo(BYOK);
            assertThat(refused.statusCode()).isEqualTo(502);
            assertThat(refused.body()).doesNotContain(BYOK);
            String id = ok.headers().firstValue("X-Pura-Request-Id").orElseThrow();
            try (TopicReader completions = new TopicReader(TestBroker.bootstrapServers(), Topics.COMPLETIONS.name());
                 TopicReader requests = new TopicReader(TestBroker.bootstrapServers(), Topics.REQUESTS.name())) {
                JsonNode completed = completions.await(e -> e.path("requestId").asText().equals(id), 1).get(0);
                JsonNode accepted = requests.await(e -> e.path("requestId").asText().equals(id), 1).get(0);
                assertThat(completed.get("byok").asBoolean()).isTrue();
                assertThat(completed.toString()).doesNotContain(BYOK);
                assertThat(accepted.toString()).doesNotContain(BYOK);
            }
            assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(BYOK) || line.contains("byok-test"));
        }
    }

    @Test
    void shouldNotFallBackToAnotherProviderWithTheCallersKey() {
        gateway.app().simulator().state().injectFault("groq", Fault.status(500), 2);
        long geminiBefore = gateway.app().simulator().state().requests("gemini");

        HttpResponse<String> r = byok("{\"model\":\"llama-3.1-8b-instant\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(gateway.app().simulator().state().requests("gemini")).isEqualTo(geminiBefore);
    }
}
