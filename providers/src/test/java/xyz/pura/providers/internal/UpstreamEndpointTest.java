package xyz.pura.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import xyz.pura.events.Json;
import xyz.pura.events.ProviderId;
import xyz.pura.events.chat.ChatRequestParser;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.Provider;
import xyz.pura.providers.ProviderConfig;
import xyz.pura.providers.Providers;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.UpstreamRequest;

/**
 * The caller's own key (BYOK) goes upstream instead of the gateway's, never beside it; the gateway's goes when the
 * caller brings none; no key header at all when neither exists. Each provider puts its key where its API asks.
 */
class UpstreamEndpointTest {
    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    /** Every header any provider puts a key in. */
    private static final List<String> KEY_HEADERS = List.of("Authorization", "x-api-key", "x-goog-api-key");

    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static ProviderConfig config(ProviderId id, String base, String key) {
        return new ProviderConfig(id, base, key, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private static UpstreamRequest request(String model, String byok) {
        return new UpstreamRequest(ChatRequestParser.parse(HELLO.getBytes(StandardCharsets.UTF_8), false), model, byok, "req_1");
    }

    private static Request post(UpstreamEndpoint endpoint, UpstreamRequest request, boolean stream) {
        return endpoint.post(endpoint.url("/v1/x"), request, Json.mapper().createObjectNode(), stream);
    }

    @Test
    void shouldSendTheCallersOwnKeyInsteadOfTheGatewaysWhenGiven() {
        UpstreamEndpoint endpoint = new UpstreamEndpoint(config(ProviderId.OPENAI, "https://up.example", "sk-gateway"),
                UpstreamEndpoint.KeyHeader.BEARER);
        UpstreamRequest byok = request("m", "sk-caller");

        Request sent = post(endpoint, byok, false);

        assertThat(endpoint.key(byok)).isEqualTo("sk-caller");
        assertThat(sent.headers("Authorization")).containsExactly("Bearer sk-caller");
        assertThat(sent.headers().toString()).doesNotContain("sk-gateway");
    }

    @Test
    void shouldSendTheGatewaysKeyWhenTheCallerBringsNone() {
        UpstreamEndpoint endpoint = new UpstreamEndpoint(config(ProviderId.ANTHROPIC, "https://up.example", "sk-gateway"),
                UpstreamEndpoint.KeyHeader.X_API_KEY);

        Request sent = post(endpoint, request("m", null), false);

        assertThat(endpoint.key(request("m", null))).isEqualTo("sk-gateway");
        assertThat(sent.headers("x-api-key")).containsExactly("sk-gateway");
    }

    @Test
    void shouldSendNoKeyHeaderWhenThereIsNoKeyAtAll() {
        UpstreamEndpoint endpoint = new UpstreamEndpoint(config(ProviderId.GEMINI, "https://up.example", null),
                UpstreamEndpoint.KeyHeader.X_GOOG_API_KEY);

        Request sent = post(endpoint, request("m", null), true);

        assertThat(endpoint.key(request("m", null))).isNull();
        assertThat(names(sent.headers())).containsExactly("Accept");
    }

    @Test
    void shouldPostJsonUnderTheBaseUrlWithTheFixedHeadersFirstAndAcceptOnlyForStreams() {
        UpstreamEndpoint endpoint = new UpstreamEndpoint(config(ProviderId.ANTHROPIC, "https://up.example/base/", "k"),
                UpstreamEndpoint.KeyHeader.X_API_KEY, Headers.of("anthropic-version", "2023-06-01"));

        Request streamed = post(endpoint, request("m", null), true);
        Request whole = endpoint.post("/v1/models/m:go", request("m", null), Json.mapper().createObjectNode(), false);

        assertThat(streamed.url().toString()).isEqualTo("https://up.example/base/v1/x");
        assertThat(streamed.method()).isEqualTo("POST");
        assertThat(streamed.body().contentType().toString()).startsWith("application/json");
        assertThat(names(streamed.headers())).containsExactly("anthropic-version", "x-api-key", "Accept");
        assertThat(streamed.header("Accept")).isEqualTo("text/event-stream");
        assertThat(whole.url().encodedPath()).isEqualTo("/base/v1/models/m:go");
        assertThat(names(whole.headers())).containsExactly("anthropic-version", "x-api-key");
    }

    /** Where each provider's requests go and the one header its key goes in, as its API documents them. */
    private record Expected(String path, String streamPath, String header, String valuePrefix) {
    }

    private static final Map<ProviderId, Expected> EXPECTED = Map.of(
            ProviderId.OPENAI, new Expected("/chat/completions", "/chat/completions", "Authorization", "Bearer "),
            ProviderId.GROQ, new Expected("/openai/v1/chat/completions", "/openai/v1/chat/completions", "Authorization", "Bearer "),
            ProviderId.ANTHROPIC, new Expected("/v1/messages", "/v1/messages", "x-api-key", ""),
            ProviderId.GEMINI, new Expected("/v1beta/models/m:generateContent", "/v1beta/models/m:streamGenerateContent?alt=sse",
                    "x-goog-api-key", ""));

    @ParameterizedTest
    @EnumSource(ProviderId.class)
    void shouldSendEachProvidersKeyInItsOwnHeaderTheCallersInsteadOfTheGateways(ProviderId id) throws Exception {
        Expected expected = EXPECTED.get(id);
        Provider provider = Providers.from(Map.of(id, config(id, server.url("/").toString(), "gateway-key"))).get(id);

        RecordedRequest gateway = refused(() -> provider.chat(request("m", null)));
        RecordedRequest byok = refused(() -> provider.chat(request("m", "callers-own-key")));
        RecordedRequest byokStream = refused(() -> provider.stream(request("m", "callers-own-key"), chunk -> { }));

        assertThat(target(gateway)).isEqualTo(expected.path());
        assertThat(keyHeaders(gateway)).containsExactly(Map.entry(expected.header(), expected.valuePrefix() + "gateway-key"));
        assertThat(target(byok)).isEqualTo(expected.path());
        assertThat(keyHeaders(byok)).containsExactly(Map.entry(expected.header(), expected.valuePrefix() + "callers-own-key"));
        assertThat(target(byokStream)).isEqualTo(expected.streamPath());
        assertThat(byokStream.getHeaders().get("Accept")).isEqualTo("text/event-stream");
        assertThat(keyHeaders(byokStream)).containsExactly(Map.entry(expected.header(), expected.valuePrefix() + "callers-own-key"));
        assertThat(byokStream.getHeaders().toString()).doesNotContain("gateway-key");
        if (id == ProviderId.ANTHROPIC) {
            assertThat(byok.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
        }
    }

    @FunctionalInterface
    private interface UpstreamCall {
        void run() throws Exception;
    }

    /** Runs {@code call} against an upstream that refuses the key, and returns the request it received. */
    private RecordedRequest refused(UpstreamCall call) throws InterruptedException {
        server.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"invalid key\"}}").build());
        assertThatThrownBy(call::run).isInstanceOfSatisfying(UpstreamException.class,
                e -> assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION));
        return server.takeRequest(1, TimeUnit.SECONDS);
    }

    /** The header names in the order they are sent ({@link Headers#names()} sorts them). */
    private static List<String> names(Headers headers) {
        return IntStream.range(0, headers.size()).mapToObj(headers::name).toList();
    }

    /** The path and query a request was sent to. */
    private static String target(RecordedRequest recorded) {
        String query = recorded.getUrl().encodedQuery();
        return recorded.getUrl().encodedPath() + (query == null ? "" : "?" + query);
    }

    /** The key headers a request carried, by name. */
    private static Map<String, String> keyHeaders(RecordedRequest recorded) {
        Map<String, String> found = new LinkedHashMap<>();
        for (String name : KEY_HEADERS) {
            String value = recorded.getHeaders().get(name);
            if (value != null) {
                found.put(name, value);
            }
        }
        return found;
    }
}
