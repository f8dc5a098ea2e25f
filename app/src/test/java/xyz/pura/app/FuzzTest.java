package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import xyz.pura.app.testing.TestGateway;

/**
 * 10,000 fuzzed requests (random and mutated JSON, wrong types, huge numbers, unicode, truncated bodies,
 * odd query strings and headers) over every endpoint: never a 5xx, never a stack trace, every error in
 * OpenAI's envelope; and the gateway still serves normal traffic afterwards.
 */
class FuzzTest {
    private static final List<String> VALID = List.of(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"stream\":false}",
            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}],\"max_tokens\":5,\"stream\":false}",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}],\"routing\":{\"quality\":\"high\",\"prefer\":\"groq\"},\"stream\":false}",
            "{\"label\":\"fuzz\",\"dailyBudgetUsd\":\"1.5\"}",
            "{\"amount\":1000}",
            "{\"invoiceId\":\"00\"}");
    private static final List<String> ODD = List.of("null", "true", "-0", "1e999999", "123456789012345678901234567890",
            "\"\\u0000\"", "\"\uD83D\uDE00\u202E\"", "[]", "{}", "\"a\"", "-1", "0.0000000001", "{\"$ref\":1}", "[[[[[[]]]]]]");
    private static final List<String> ENDPOINTS = List.of("POST /v1/chat/completions", "POST /api/chat", "POST /v1/route",
            "POST /api/keys", "POST /api/wallet/fund", "GET /api/wallet/status", "GET /api/report", "GET /v1/models",
            "GET /api/wallet/balance", "POST /api/admin/wallet/settle", "GET /api/status", "GET /api/wallet/invoices/x");

    private static TestGateway gateway;
    private static String key;
    private static final AtomicInteger SENT = new AtomicInteger();

    @BeforeContainer
    static void start() {
        gateway = TestGateway.start(Map.of("PURA_KEYS_PER_MINUTE_PER_ADDRESS", "0"));
        key = gateway.createKey("fuzz");
    }

    @AfterContainer
    static void stop() {
        HttpResponse<String> normal = gateway.post("/v1/chat/completions", key,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"still there?\"}]}");
        assertThat(normal.statusCode()).isEqualTo(200);
        assertThat(SENT.get()).isGreaterThanOrEqualTo(10_000);
        gateway.close();
    }

    @Property(tries = 10_000)
    void shouldNeverAnswer5xxOrLeakAStackTrace(@ForAll("requests") Fuzzed request) {
        String[] route = request.endpoint().split(" ");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + route[1] + request.query()))
                .header("Authorization", request.auth() ? "Bearer " + key : "Bearer pura_" + request.body().hashCode())
                .header("X-Fuzz", request.header());
        if (route[0].equals("POST")) {
            b.POST(HttpRequest.BodyPublishers.ofString(request.body()));
        } else {
            b.GET();
        }
        HttpResponse<String> r = TestGateway.send(b.build());
        SENT.incrementAndGet();

        assertThat(r.statusCode()).as("%s %s", request.endpoint(), request.body()).isLessThan(500);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at xyz.pura");
        if (r.statusCode() >= 400) {
            JsonNode error = TestGateway.json(r.body()).get("error");
            assertThat(error).as("envelope of %s", r.body()).isNotNull();
            assertThat(error.get("message").asText()).isNotBlank();
            assertThat(error.get("type").asText()).isNotBlank();
        }
    }

    record Fuzzed(String endpoint, String body, String query, boolean auth, String header) {
    }

    @Provide
    Arbitrary<Fuzzed> requests() {
        Arbitrary<String> endpoint = Arbitraries.of(ENDPOINTS);
        Arbitrary<String> body = Arbitraries.oneOf(mutated(), replaced(), Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("{}[]\":,0123456789.eE-truefalsnul \\u").ofMaxLength(120));
        Arbitrary<String> query = Arbitraries.of("", "?invoiceId=", "?invoiceId=%00", "?invoiceId=" + "f".repeat(64),
                "?invoiceId=\uD83D\uDE00", "?a=1&a=2", "?invoiceId=../../etc/passwd");
        Arbitrary<String> header = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(100);
        return Combinators.combine(endpoint, body, query, Arbitraries.of(true, true, true, false), header).as(Fuzzed::new);
    }

    /** A valid body with a slice deleted, duplicated or truncated. */
    private static Arbitrary<String> mutated() {
        return Combinators.combine(Arbitraries.of(VALID), Arbitraries.integers().between(0, 400),
                Arbitraries.integers().between(0, 40), Arbitraries.of(0, 1, 2)).as((v, at, len, how) -> {
            int a = Math.min(at, v.length());
            int z = Math.min(v.length(), a + len);
            return switch (how) {
                case 0 -> v.substring(0, a) + v.substring(z);
                case 1 -> v.substring(0, z) + v.substring(a);
                default -> v.substring(0, a);
            };
        });
    }

    /** A valid body with one value replaced by something of another type or size. */
    private static Arbitrary<String> replaced() {
        return Combinators.combine(Arbitraries.of(VALID), Arbitraries.of(ODD),
                Arbitraries.of("\"Hello\"", "false", "5", "\"user\"", "\"1.5\"", "1000", "\"high\"", "\"groq\"", "\"gpt-4o\""))
                .as((v, odd, target) -> v.replaceFirst(java.util.regex.Pattern.quote(target), java.util.regex.Matcher.quoteReplacement(odd)));
    }
}
