package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestGateway;

/**
 * The abuse policy of self-service keys against a real gateway: a self-service key cannot raise its own cap, each
 * client address (seen through a trusted proxy) gets the free tier on its first keys of the day only, funding is
 * rate limited and bounded, creation can be restricted to the operator, and the free tier has a daily ceiling.
 */
class AbusePolicyTest {
    private static final String ADMIN = "admin-token-abuse-0123456789";
    private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":false}";

    @Test
    void shouldHoldSelfServiceKeysToTheDefaultCapAnAllowancePerAddressAndBoundedFunding() {
        try (TestGateway gateway = TestGateway.start(Map.of("PURA_ADMIN_TOKEN", ADMIN, "PURA_DAILY_BUDGET_USD", "10",
                "PURA_FREE_TIER_KEYS_PER_ADDRESS", "2", "PURA_TRUSTED_PROXIES", "127.0.0.1, ::1",
                "PURA_KEYS_PER_MINUTE_PER_ADDRESS", "0", "PURA_FUND_PER_MINUTE_PER_KEY", "3",
                "PURA_MAX_PENDING_INVOICES_PER_KEY", "2"))) {
            // only an admin raises a cap above the default
            HttpResponse<String> greedy = createKey(gateway, "{\"dailyBudgetUsd\": 50}", null, "198.51.100.1");
            assertThat(greedy.statusCode()).isEqualTo(400);
            assertThat(error(greedy).path("code").asText()).isEqualTo("budget_above_default");
            assertThat(error(greedy).path("param").asText()).isEqualTo("dailyBudgetUsd");
            assertThat(createKey(gateway, "{\"dailyBudgetUsd\": \"2.5\"}", null, "198.51.100.1").statusCode()).isEqualTo(201);
            assertThat(createKey(gateway, "{\"dailyBudgetUsd\": 50}", ADMIN, null).statusCode()).isEqualTo(201);

            // 198.51.100.1 already has one key with the free tier: one more, then keys without it
            JsonNode second = TestGateway.json(createKey(gateway, "{}", null, "198.51.100.1").body());
            assertThat(second.path("freeRequests").asLong()).isEqualTo(5000);
            JsonNode third = TestGateway.json(createKey(gateway, "{}", null, "198.51.100.1").body());
            assertThat(third.path("freeRequests").asLong()).isZero();
            assertThat(third.path("message").asText()).contains("PURA_FREE_TIER_KEYS_PER_ADDRESS");
            HttpResponse<String> unpaid = gateway.post("/v1/chat/completions", third.path("key").asText(), CHAT);
            assertThat(unpaid.statusCode()).isEqualTo(402);
            assertThat(error(unpaid).path("code").asText()).isEqualTo("free_tier_exceeded");
            assertThat(gateway.post("/v1/chat/completions", second.path("key").asText(), CHAT).statusCode()).isEqualTo(200);

            // a client cannot pose as another through X-Forwarded-For: the left hops are its own invention
            JsonNode spoofed = TestGateway.json(createKey(gateway, "{}", null, "203.0.113.9, 198.51.100.1").body());
            assertThat(spoofed.path("freeRequests").asLong()).isZero();
            // one IPv6 subscriber (/64) is one client, another /64 is another
            assertThat(freeRequests(createKey(gateway, "{}", null, "2001:db8:1:2::1"))).isEqualTo(5000);
            assertThat(freeRequests(createKey(gateway, "{}", null, "2001:db8:1:2::2"))).isEqualTo(5000);
            assertThat(freeRequests(createKey(gateway, "{}", null, "2001:db8:1:2:ffff::3"))).isZero();
            assertThat(freeRequests(createKey(gateway, "{}", null, "2001:db8:1:3::1"))).isEqualTo(5000);

            // funding: at most 2 unpaid invoices per key, and 3 asks a minute
            String payer = second.path("key").asText();
            assertThat(gateway.post("/api/wallet/fund", payer, "{\"amount\": 500}").statusCode()).isEqualTo(201);
            assertThat(gateway.post("/api/wallet/fund", payer, "{\"amount\": 500}").statusCode()).isEqualTo(201);
            HttpResponse<String> pending = gateway.post("/api/wallet/fund", payer, "{\"amount\": 500}");
            assertThat(pending.statusCode()).isEqualTo(429);
            assertThat(error(pending).path("code").asText()).isEqualTo("too_many_pending_invoices");
            HttpResponse<String> limited = gateway.post("/api/wallet/fund", payer, "{\"amount\": 500}");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(error(limited).path("code").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Test
    void shouldLetOnlyTheOperatorCreateKeysWhenAskedAndCapTheFreeTierPerDay() {
        try (TestGateway gateway = TestGateway.start(Map.of("PURA_ADMIN_TOKEN", ADMIN, "PURA_KEY_CREATION", "admin",
                "PURA_FREE_TIER_DAILY_USD", "0.000000001"))) {
            HttpResponse<String> anonymous = createKey(gateway, "{}", null, null);
            assertThat(anonymous.statusCode()).isEqualTo(403);
            assertThat(error(anonymous).path("code").asText()).isEqualTo("key_creation_restricted");
            assertThat(error(anonymous).path("type").asText()).isEqualTo("permission_error");
            assertThat(createKey(gateway, "{}", "wrong-token", null).statusCode()).isEqualTo(403);

            HttpResponse<String> issued = createKey(gateway, "{\"label\":\"issued\"}", ADMIN, null);
            assertThat(issued.statusCode()).isEqualTo(201);
            String key = TestGateway.json(issued.body()).path("key").asText();

            HttpResponse<String> ceiling = gateway.post("/v1/chat/completions", key, CHAT);
            assertThat(ceiling.statusCode()).isEqualTo(402);
            assertThat(error(ceiling).path("code").asText()).isEqualTo("free_tier_exceeded");
            assertThat(error(ceiling).path("message").asText()).contains("PURA_FREE_TIER_DAILY_USD");
        }
    }

    private static long freeRequests(HttpResponse<String> created) {
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return TestGateway.json(created.body()).path("freeRequests").asLong();
    }

    private static JsonNode error(HttpResponse<String> r) {
        return TestGateway.json(r.body()).path("error");
    }

    private static HttpResponse<String> createKey(TestGateway gateway, String body, String bearer, String forwardedFor) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/keys"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        return TestGateway.send(b.build());
    }
}
