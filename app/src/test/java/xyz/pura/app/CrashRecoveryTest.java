package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.ChildGateway;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.app.testing.TopicReader;
import xyz.pura.events.Topics;

/**
 * {@code kill -9} of the whole app (its broker included) mid-traffic, then a restart on the same data:
 * every answer a client received is in the ledger exactly once, and {@code pura replay --check} passes.
 */
class CrashRecoveryTest {

    @Test
    void shouldLoseAndDoubleNoBillingEventAcrossAKillNine() throws Exception {
        Path dataDir = Files.createTempDirectory("pura-crash");
        Map<String, String> env = Map.of("PURA_SIM_LATENCY_MS", "0", "PURA_SIM_TOKEN_DELAY_MS", "0");
        Set<String> received = ConcurrentHashMap.newKeySet();
        String key;
        try (ChildGateway first = ChildGateway.start(dataDir, env)) {
            key = TestGateway.json(post(first.baseUrl(), "/api/keys", null, "{\"label\":\"crash\"}").body()).get("key").asText();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread traffic = Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> r = post(first.baseUrl(), "/v1/chat/completions", key,
                                "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
                        if (r.statusCode() == 200) {
                            received.add(TestGateway.json(r.body()).at("/pura/requestId").asText());
                        }
                    } catch (RuntimeException connectionRefusedAfterTheKill) {
                        return;
                    }
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 100);

            first.kill();
            running.set(false);
            traffic.join();
        }

        try (ChildGateway second = ChildGateway.start(dataDir, env)) {
            String bootstrap = "127.0.0.1:" + brokerPort(dataDir);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                out.reset();
                return ReplayCommand.run(bootstrap, new ReplayCommand.Mode.Check(), new PrintStream(out, true, StandardCharsets.UTF_8)) == 0;
            });
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("matches the live spend table");

            try (TopicReader ledger = new TopicReader(bootstrap, Topics.LEDGER.name())) {
                List<JsonNode> debits = ledger.await(e -> received.contains(e.path("sourceId").asText()), received.size());
                Map<String, Long> perRequest = debits.stream()
                        .collect(Collectors.groupingBy(e -> e.get("sourceId").asText(), Collectors.counting()));
                assertThat(perRequest.keySet()).containsAll(received);
                assertThat(perRequest.values()).allMatch(n -> n == 1);
            }
            assertThat(post(second.baseUrl(), "/v1/chat/completions", key,
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello again\"}]}").statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> post(String base, String path, String key, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String brokerPort(Path dataDir) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dataDir.resolve("kafka").resolve("ports.properties"))) {
            p.load(r);
        }
        return p.getProperty("broker");
    }
}
