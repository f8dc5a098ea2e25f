package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import xyz.pura.testing.LogCapture;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.app.testing.TopicReader;
import xyz.pura.simulator.Fault;
import xyz.pura.simulator.Simulator;
import xyz.pura.simulator.SimulatorConfig;

/** After traffic with known secrets (API keys, BYOK keys, provider keys), none of them is in the logs, the topics or /metrics. */
class SecretsTest {
    private static final String OPENAI_KEY = "sk-provider-secret-0123456789abcdef";
    private static final String GROQ_KEY = "gsk_providersecret0123456789abcdef";
    private static final String BYOK = "sk-byok-secret-9876543210fedcba";

    @Test
    void shouldKeepEverySecretOutOfLogsTopicsAndMetrics() {
        try (Simulator upstream = new Simulator(SimulatorConfig.defaults().withLatency(Duration.ZERO, Duration.ZERO)).start();
             LogCapture logs = new LogCapture();
             TestGateway gateway = TestGateway.startIsolated(Map.of("OPENAI_API_KEY", OPENAI_KEY,
                     "OPENAI_BASE_URL", upstream.baseUrl() + "/v1", "GROQ_API_KEY", GROQ_KEY, "GROQ_BASE_URL", upstream.baseUrl(),
                     "PURA_ADMIN_TOKEN", "admin-secret-token-abcdef"))) {
            String key = gateway.createKey("secrets");
            String chat = "{\"model\":\"gpt-4o-mini\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            assertThat(gateway.post("/v1/chat/completions", key, chat).statusCode()).isEqualTo(200);
            assertThat(gateway.post("/api/chat", key, chat.replace("gpt-4o-mini", "llama-3.1-8b-instant")).statusCode()).isEqualTo(200);
            upstream.state().injectFault("openai", Fault.status(401), 2);
            HttpResponse<String> refused = TestGateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + key).header("X-Provider-Key", BYOK)
                    .POST(HttpRequest.BodyPublishers.ofString(chat)).build());
            assertThat(refused.statusCode()).isEqualTo(502);
            assertThat(gateway.post("/v1/chat/completions", "pura_" + "ab".repeat(24), chat).statusCode()).isEqualTo(401);
            assertThat(upstream.state().lastCredential("openai")).isEqualTo(BYOK);
            assertThat(upstream.state().lastCredential("groq")).isEqualTo(GROQ_KEY);

            List<String> secrets = List.of(key, OPENAI_KEY, GROQ_KEY, BYOK, "admin-secret-token-abcdef");
            String everything = String.join("\n", logs.lines()) + "\n" + gateway.get("/metrics", null).body() + "\n"
                    + String.join("\n", TopicReader.everything(gateway.app().bootstrapServers())) + "\n" + refused.body();
            assertThat(everything).contains("KeyCreated").contains("pura_requests_total");
            for (String secret : secrets) {
                assertThat(everything).as("a secret leaked").doesNotContain(secret);
            }
        }
    }
}
