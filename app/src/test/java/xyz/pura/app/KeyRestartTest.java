package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestGateway;

/** A key created before a restart of the whole app (its embedded broker included) still works after it. */
class KeyRestartTest {

    @Test
    void shouldKeepKeysAcrossARestartOfTheWholeApp() throws IOException {
        Path dataDir = Files.createTempDirectory("pura-restart");
        Map<String, String> env = Map.of("PURA_PORT", "0", "PURA_DATA_DIR", dataDir.toString(),
                "PURA_SIM_LATENCY_MS", "0", "PURA_SIM_TOKEN_DELAY_MS", "0");
        String key;
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"stream\":false}";
        try (PuraApp first = PuraApp.start(PuraConfig.fromEnv(env))) {
            key = createKey(first);
            assertThat(post(first, key, body)).isEqualTo(200);
        }

        try (PuraApp second = PuraApp.start(PuraConfig.fromEnv(env))) {
            assertThat(post(second, key, body)).isEqualTo(200);
            assertThat(post(second, "pura_" + "1".repeat(48), body)).isEqualTo(401);
        }
    }

    private static String createKey(PuraApp app) {
        var r = TestGateway.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.baseUrl() + "/api/keys"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"label\":\"restart\"}")).build());
        assertThat(r.statusCode()).isEqualTo(201);
        return TestGateway.json(r.body()).get("key").asText();
    }

    private static int post(PuraApp app, String key, String body) {
        return TestGateway.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.baseUrl() + "/api/chat"))
                .header("Authorization", "Bearer " + key)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build()).statusCode();
    }
}
