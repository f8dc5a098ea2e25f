package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestGateway;

/** The admin API (list, budget, revoke), per-key and per-address rate limits, and size limits of bodies. */
class AdminAndLimitsTest {
    private static final String ADMIN = "admin-token-for-limits-test";
    private static final String HI = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":false}";
    private static TestGateway gateway;
    private static String managed;
    private static String limited;
    private static String unlimited;
    private static String limits;

    /** The keys are created first: the key-creation limit test then uses up this address's allowance. */
    @BeforeAll
    static void start() {
        gateway = TestGateway.start(Map.of("PURA_ADMIN_TOKEN", ADMIN, "PURA_RATE_LIMIT_RPM", "5",
                "PURA_KEYS_PER_MINUTE_PER_ADDRESS", "6"));
        managed = gateway.createKey("managed");
        limited = gateway.createKey("limited");
        unlimited = gateway.createKey("unlimited");
        limits = gateway.createKey("limits");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static HttpResponse<String> admin(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return TestGateway.send(b.build());
    }

    @Test
    void shouldListKeysSetBudgetsAndRevokeKeysAtOnce() {
        String key = managed;
        assertThat(gateway.post("/api/chat", key, HI).statusCode()).isEqualTo(200);
        String keyId = TestGateway.json(gateway.get("/api/report", key).body()).get("keyId").asText();

        assertThat(admin("GET", "/api/admin/keys", null, null).statusCode()).isEqualTo(401);
        assertThat(admin("GET", "/api/admin/keys", key, null).statusCode()).isEqualTo(401);
        JsonNode list = TestGateway.json(admin("GET", "/api/admin/keys", ADMIN, null).body());
        assertThat(list.get("data")).anySatisfy(k -> {
            assertThat(k.get("keyId").asText()).isEqualTo(keyId);
            assertThat(k.get("label").asText()).isEqualTo("managed");
            assertThat(k.get("dailyBudgetUsd").asText()).isEqualTo("10.000000000");
            assertThat(k.get("prefix").asText()).isEqualTo(key.substring(0, 13));
            assertThat(k.toString()).doesNotContain(key);
        });

        assertThat(admin("POST", "/api/admin/keys/" + keyId + "/budget", ADMIN, "{\"dailyBudgetUsd\":\"0\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> capped = gateway.post("/api/chat", key, HI);
        assertThat(capped.statusCode()).isEqualTo(402);
        assertThat(TestGateway.json(capped.body()).at("/error/code").asText()).isEqualTo("budget_exhausted");

        assertThat(admin("POST", "/api/admin/keys/" + keyId + "/revoke", ADMIN, null).statusCode()).isEqualTo(200);
        assertThat(gateway.post("/api/chat", key, HI).statusCode()).isEqualTo(401);
        assertThat(admin("POST", "/api/admin/keys/key_0000000000000000/revoke", ADMIN, null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRateLimitEachKeyWithRetryAfter() {
        String key = limited;
        for (int i = 0; i < 5; i++) {
            assertThat(gateway.post("/api/chat", key, HI).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> limited = gateway.post("/api/chat", key, HI);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(TestGateway.json(limited.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
        String other = unlimited;
        assertThat(gateway.post("/api/chat", other, HI).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldLimitKeyCreationPerClientAddress() {
        int created = 0;
        HttpResponse<String> r;
        while ((r = gateway.post("/api/keys", null, "{\"label\":\"spam\"}")).statusCode() == 201) {
            created++;
            assertThat(created).isLessThanOrEqualTo(2);
        }
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void shouldRefuseDeepJsonAndTooManyMessagesWith400() {
        String key = limits;
        String deep = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        StringBuilder many = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < 3000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"m\"}");
        }
        many.append("]}");

        HttpResponse<String> tooDeep = gateway.post("/v1/chat/completions", key, deep);
        HttpResponse<String> tooMany = gateway.post("/v1/chat/completions", key, many.toString());

        assertThat(tooDeep.statusCode()).isEqualTo(400);
        assertThat(TestGateway.json(tooDeep.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(TestGateway.json(tooMany.body()).at("/error/param").asText()).isEqualTo("messages");
    }
}
