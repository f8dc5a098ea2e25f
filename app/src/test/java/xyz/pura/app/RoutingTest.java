package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.events.Json;

/**
 * The seed's routing behaviours, end to end over HTTP (chat and POST /v1/route). On its own broker, so
 * that the quality scores the router weighs come from this test's traffic only.
 */
class RoutingTest {
    private static final String MID = "Write a SQL query that returns the top 5 customers by total order value in 2024.";
    private static TestGateway gateway;
    private static String key;

    @BeforeAll
    static void start() {
        gateway = TestGateway.startIsolated(Map.of());
        key = gateway.createKey("routing");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String body(String text, String quality, String prefer, String model) {
        ObjectNode b = Json.mapper().createObjectNode().put("stream", false);
        b.putArray("messages").addObject().put("role", "user").put("content", text);
        if (model != null) {
            b.put("model", model);
        }
        if (quality != null || prefer != null) {
            ObjectNode routing = b.putObject("routing");
            if (quality != null) {
                routing.put("quality", quality);
            }
            if (prefer != null) {
                routing.put("prefer", prefer);
            }
        }
        return b.toString();
    }

    private static HttpResponse<String> chat(String body) {
        HttpResponse<String> r = gateway.post("/api/chat", key, body);
        assertThat(r.statusCode()).isEqualTo(200);
        return r;
    }

    private static String header(HttpResponse<String> r, String name) {
        return r.headers().firstValue(name).orElseThrow();
    }

    @Test
    void shouldSendASimpleHelloToTheCheapTierOnGroqOrGemini() {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = chat(body("Hello", null, null, null));
            assertThat(header(r, "X-Pura-Tier")).isEqualTo("cheap");
            if (header(r, "X-Pura-Explored").equals("false")) {
                assertThat(header(r, "X-Pura-Provider")).isIn("groq", "gemini");
            }
        }
    }

    @Test
    void shouldSendALongStepByStepCodeAnalysisToPremiumOnAnthropicOrOpenAi() {
        String code = "```java\n" + "synchronized (a) { synchronized (b) { counter++; } }\n".repeat(60) + "```";
        HttpResponse<String> r = chat(body("Analyze this code step by step and explain why it deadlocks:\n" + code, null, null, null));

        assertThat(header(r, "X-Pura-Tier")).isEqualTo("premium");
        assertThat(header(r, "X-Pura-Provider")).isIn("anthropic", "openai");
        assertThat(header(r, "X-Pura-Model")).doesNotContain("anthropic").doesNotContain("openai");
    }

    @Test
    void shouldMoveAMidRequestUpWithHighQualityAndDownWithLow() {
        assertThat(header(chat(body(MID, null, null, null)), "X-Pura-Tier")).isEqualTo("mid");

        HttpResponse<String> high = chat(body(MID, "high", null, null));
        HttpResponse<String> low = chat(body(MID, "low", null, null));

        assertThat(header(high, "X-Pura-Tier")).isEqualTo("premium");
        assertThat(header(high, "X-Pura-Quality")).isEqualTo("high");
        assertThat(header(low, "X-Pura-Tier")).isEqualTo("cheap");
        assertThat(header(low, "X-Pura-Quality")).isEqualTo("low");
    }

    @Test
    void shouldRaiseThePreferredProvidersChanceWithoutForcingIt() {
        // the explanation of two decisions taken on the same quality scores: the boost is exact, not sampled
        JsonNode plain = null;
        JsonNode preferred = null;
        for (int attempt = 0; attempt < 20 && (plain == null || !sameScores(plain, preferred)); attempt++) {
            plain = explain(body(MID, null, null, null));
            preferred = explain(body(MID, null, "anthropic", null));
        }
        assertThat(sameScores(plain, preferred)).as("two decisions on the same quality scores").isTrue();

        double before = candidate(plain, "anthropic").get("probability").asDouble();
        JsonNode boosted = candidate(preferred, "anthropic");
        assertThat(boosted.get("preferred").asBoolean()).isTrue();
        assertThat(boosted.get("weight").asDouble())
                .isCloseTo(2 * candidate(plain, "anthropic").get("weight").asDouble(), offset(1e-9));
        assertThat(boosted.get("probability").asDouble()).isGreaterThan(before).isLessThan(1.0);
    }

    @Test
    void shouldStillSendSomePreferredRequestsElsewhere() {
        // how much the share rises depends on the quality scores this test's traffic produced, so a sampled
        // comparison is flaky here; RouterSelectionTest checks the sampled rise with a seeded router
        int n = 200;
        Map<String, Integer> preferred = new HashMap<>();
        for (int i = 0; i < n; i++) {
            preferred.merge(route(body(MID, null, "anthropic", null)), 1, Integer::sum);
        }

        assertThat(preferred.getOrDefault("anthropic", 0)).isLessThan(n);
        assertThat(preferred.keySet()).hasSizeGreaterThan(1);
    }

    private static JsonNode explain(String body) {
        HttpResponse<String> r = gateway.post("/v1/route", key, body);
        assertThat(r.statusCode()).isEqualTo(200);
        return TestGateway.json(r.body());
    }

    private static JsonNode candidate(JsonNode route, String provider) {
        for (JsonNode c : route.get("candidates")) {
            if (c.get("provider").asText().equals(provider)) {
                return c;
            }
        }
        throw new AssertionError("no candidate " + provider + " in " + route);
    }

    private static boolean sameScores(JsonNode a, JsonNode b) {
        if (a.get("candidates").size() != b.get("candidates").size()) {
            return false;
        }
        for (JsonNode c : a.get("candidates")) {
            JsonNode d = candidate(b, c.get("provider").asText());
            if (c.get("quality").asDouble() != d.get("quality").asDouble()
                    || c.get("poolShare").asDouble() != d.get("poolShare").asDouble()) {
                return false;
            }
        }
        return true;
    }

    private static String route(String body) {
        HttpResponse<String> r = gateway.post("/v1/route", key, body);
        assertThat(r.statusCode()).isEqualTo(200);
        return TestGateway.json(r.body()).get("provider").asText();
    }

    @Test
    void shouldSendAnExplicitModelToItsProviderWithThatModel() {
        HttpResponse<String> r = chat(body("Hello", null, null, "gpt-4o"));

        assertThat(header(r, "X-Pura-Provider")).isEqualTo("openai");
        assertThat(header(r, "X-Pura-Model")).isEqualTo("gpt-4o");
        assertThat(TestGateway.json(r.body()).get("model").asText()).isEqualTo("gpt-4o");
    }

    @Test
    void shouldExplainADecisionWithoutCallingAnyProvider() {
        long upstream = gateway.app().simulator().state().totalRequests();

        JsonNode route = TestGateway.json(gateway.post("/v1/route", key, body(MID, null, "gemini", null)).body());

        assertThat(gateway.app().simulator().state().totalRequests()).isEqualTo(upstream);
        assertThat(route.get("tier").asText()).isEqualTo("mid");
        assertThat(route.get("reason").asText()).isNotBlank();
        assertThat(route.get("candidates")).hasSize(4).allSatisfy(c -> {
            assertThat(c.has("quality")).isTrue();
            assertThat(c.has("poolShare")).isTrue();
            assertThat(c.has("probability")).isTrue();
        });
        assertThat(route.get("contributions").isObject()).isTrue();
        assertThat(gateway.post("/v1/route", key, body(MID, "ultra", null, null)).statusCode()).isEqualTo(400);
    }
}
