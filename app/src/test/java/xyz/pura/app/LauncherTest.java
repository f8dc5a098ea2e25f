package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.ChildGateway;
import xyz.pura.app.testing.TestGateway;

/** {@code pura up} in its own process, with its embedded broker and simulator, answers the README's quick start. */
class LauncherTest {

    @Test
    void shouldServeTheQuickStartFromAFreshDataDirectory() throws Exception {
        Path dataDir = Files.createTempDirectory("pura-launcher");
        try (ChildGateway gateway = ChildGateway.start(dataDir, Map.of())) {
            HttpResponse<String> created = TestGateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/keys"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"my-agent\"}")).build());
            assertThat(created.statusCode()).isEqualTo(201);
            String key = TestGateway.json(created.body()).get("key").asText();
            assertThat(key).matches("pura_[0-9a-f]{48}");

            HttpResponse<java.util.stream.Stream<String>> sse = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/chat"))
                            .header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"))
                            .build(), HttpResponse.BodyHandlers.ofLines());

            assertThat(sse.statusCode()).isEqualTo(200);
            assertThat(sse.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/event-stream"));
            List<String> data = sse.body().filter(l -> l.startsWith("data: ")).toList();
            assertThat(data).hasSizeGreaterThan(2);
            assertThat(data.get(data.size() - 1)).isEqualTo("data: [DONE]");
            assertThat(data.get(0)).contains("\"object\":\"chat.completion.chunk\"");

            HttpResponse<String> status = TestGateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/status")).build());
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(TestGateway.json(status.body()).get("providers")).isNotEmpty();
        }
    }
}
