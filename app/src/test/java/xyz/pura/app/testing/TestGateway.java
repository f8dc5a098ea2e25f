package xyz.pura.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import xyz.pura.app.PuraApp;
import xyz.pura.app.PuraConfig;
import xyz.pura.events.Json;

/** A whole gateway on the shared test broker, with its own simulator and data directory, on a free port. */
public final class TestGateway implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final PuraApp app;

    private TestGateway(PuraApp app) {
        this.app = app;
    }

    public static TestGateway start() {
        return start(Map.of());
    }

    /** @param extraEnv configuration on top of the test defaults (no provider keys: the simulator serves) */
    public static TestGateway start(Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.putIfAbsent("KAFKA_BOOTSTRAP_SERVERS", TestBroker.bootstrapServers());
        return startWith(env);
    }

    /**
     * A gateway with its own embedded broker: for tests whose assertions depend on the history of the
     * topics (provider quality, for one), which the shared broker mixes across test classes.
     */
    public static TestGateway startIsolated(Map<String, String> extraEnv) {
        return startWith(new HashMap<>(extraEnv));
    }

    private static TestGateway startWith(Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("PURA_PORT", "0");
        env.put("PURA_SIM_LATENCY_MS", "0");
        env.put("PURA_SIM_TOKEN_DELAY_MS", "0");
        // test classes create many keys from 127.0.0.1 on one gateway: each gets the free tier unless a test asks otherwise
        env.put("PURA_FREE_TIER_KEYS_PER_ADDRESS", "-1");
        try {
            env.put("PURA_DATA_DIR", Files.createTempDirectory("pura-test-gateway").toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        env.putAll(extraEnv);
        return new TestGateway(PuraApp.start(PuraConfig.fromEnv(env)));
    }

    public PuraApp app() {
        return app;
    }

    public String baseUrl() {
        return app.baseUrl();
    }

    /** Creates a key through the API and returns the secret. */
    public String createKey(String label) {
        HttpResponse<String> r = post("/api/keys", null, "{\"label\":\"" + label + "\"}");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("key creation failed: " + r.statusCode() + " " + r.body());
        }
        return json(r.body()).get("key").asText();
    }

    public HttpResponse<String> post(String path, String key, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(b.build());
    }

    public HttpResponse<String> get(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(b.build());
    }

    /** The key's {@code /api/report} once it counts {@code requests} requests (the ledger books them asynchronously). */
    public JsonNode awaitReport(String key, long requests) {
        JsonNode[] report = new JsonNode[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> r = get("/api/report", key);
            report[0] = r.statusCode() == 200 ? json(r.body()) : null;
            return report[0] != null && report[0].get("requestCount").asLong() == requests;
        });
        return report[0];
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
