package xyz.pura.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.Json;
import xyz.pura.events.ProviderId;
import xyz.pura.events.chat.ChatRequestParser;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.ProviderConfig;
import xyz.pura.providers.StreamAbortedException;
import xyz.pura.providers.UpstreamException;
import xyz.pura.providers.UpstreamRequest;

/** The OpenAI-compatible base against recorded-shape fixtures served by MockWebServer. */
class OpenAiProviderTest {
    private MockWebServer server;
    private OpenAiProvider provider;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        String base = server.url("/v1").toString();
        provider = new OpenAiProvider(new ProviderConfig(ProviderId.OPENAI, base, "sk-gateway", Duration.ofSeconds(2),
                Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static UpstreamRequest request(String body, String byok) {
        return new UpstreamRequest(ChatRequestParser.parse(body.getBytes(StandardCharsets.UTF_8), false), "gpt-4o-mini", byok, "req_1");
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = OpenAiProviderTest.class.getResourceAsStream("/fixtures/openai/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"routing\":{\"quality\":\"high\"}}";

    @Test
    void shouldSendTheChosenModelWithoutGatewayFieldsAndReadUsage() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body(fixture("chat-tool-call.json")).build());

        ChatResult result = provider.chat(request(HELLO, null));

        RecordedRequest recorded = server.takeRequest();
        JsonNode sent = Json.mapper().readTree(recorded.getBody().utf8());
        assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer sk-gateway");
        assertThat(sent.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.has("routing")).isFalse();
        assertThat(sent.get("stream").asBoolean()).isFalse();
        assertThat(result.finishReason()).isEqualTo("tool_calls");
        assertThat(result.outputText()).contains("get_weather").contains("{\"location\":\"Paris\"}");
        assertThat(result.usage()).isEqualTo(new ChatResult.Usage(82, 17, 64, 0));
    }

    /** A provider whose read timeout is 400 ms (connect 100 ms). */
    private OpenAiProvider impatient() {
        return new OpenAiProvider(new ProviderConfig(ProviderId.OPENAI, server.url("/v1").toString(), "sk-gateway",
                Duration.ofMillis(100), Duration.ofMillis(400)));
    }

    @Test
    void shouldBoundAWholeNonStreamedCallByTheReadTimeoutEvenWhenBytesKeepTrickling() throws Exception {
        // 64 bytes every 100 ms: no single read waits long, but the answer takes seconds
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body(fixture("chat-tool-call.json")).throttleBody(64, 100, java.util.concurrent.TimeUnit.MILLISECONDS).build());
        long start = System.nanoTime();

        assertThatThrownBy(() -> impatient().chat(request(HELLO, null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
    }

    @Test
    void shouldTimeOutANonStreamedCallWhoseUpstreamSendsNothing() {
        server.enqueue(new MockResponse.Builder().code(200).body(HELLO).headersDelay(3, java.util.concurrent.TimeUnit.SECONDS).build());

        assertThatThrownBy(() -> impatient().chat(request(HELLO, null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT));
    }

    @Test
    void shouldLetAStreamRunPastTheReadTimeoutAsLongAsChunksKeepComing() throws Exception {
        // a chunk at least every 300 ms (under the 400 ms read timeout), about 1.5 s in all
        String sse = fixture("stream-text.sse");
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body(sse).throttleBody(Math.max(1, sse.length() / 5), 300, java.util.concurrent.TimeUnit.MILLISECONDS).build());
        List<ObjectNode> chunks = new ArrayList<>();
        long start = System.nanoTime();

        ChatResult result = impatient().stream(request(HELLO, null), chunks::add);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(900));
        assertThat(result.outputText()).isEqualTo("Hello there");
    }

    @Test
    void shouldTimeOutAStreamWhoseUpstreamFallsSilentMidway() throws Exception {
        // the first third of the events at once, then nothing for 3 s (the read timeout is 400 ms)
        String sse = fixture("stream-text.sse");
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body(sse).throttleBody(sse.length() / 3, 3, java.util.concurrent.TimeUnit.SECONDS).build());
        List<ObjectNode> chunks = new ArrayList<>();
        long start = System.nanoTime();

        assertThatThrownBy(() -> impatient().stream(request(HELLO, null), chunks::add))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT));
        assertThat(chunks).isNotEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
    }

    @Test
    void shouldTimeOutAStreamWhoseUpstreamNeverAnswers() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body(fixture("stream-text.sse")).headersDelay(3, java.util.concurrent.TimeUnit.SECONDS).build());
        long start = System.nanoTime();

        assertThatThrownBy(() -> impatient().stream(request(HELLO, null), chunk -> { }))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
    }

    @Test
    void shouldUseTheCallersOwnKeyWhenGiven() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(fixture("chat-tool-call.json")).build());

        provider.chat(request(HELLO, "sk-caller"));

        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer sk-caller");
    }

    @Test
    void shouldAskForUsageInStreamsAndHideTheUsageChunkUnlessTheCallerAskedForIt() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body(fixture("stream-text.sse")).build());
        List<ObjectNode> chunks = new ArrayList<>();

        ChatResult result = provider.stream(request(HELLO, null), chunks::add);

        JsonNode sent = Json.mapper().readTree(server.takeRequest().getBody().utf8());
        assertThat(sent.get("stream").asBoolean()).isTrue();
        assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(chunks).hasSize(4);
        assertThat(result.outputText()).isEqualTo("Hello there");
        assertThat(result.finishReason()).isEqualTo("stop");
        assertThat(result.usage()).isEqualTo(new ChatResult.Usage(9, 2, 0, 0));
    }

    @Test
    void shouldFailWithAStreamErrorAfterDeliveringTheEarlierChunks() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(fixture("stream-error-mid.sse")).build());
        List<ObjectNode> chunks = new ArrayList<>();

        assertThatThrownBy(() -> provider.stream(request(HELLO, null), chunks::add))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.STREAM_ERROR));
        assertThat(chunks).hasSize(2);
    }

    @Test
    void shouldClassifyRateLimitsWithTheirRetryAfter() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
                .body("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}").build());

        assertThatThrownBy(() -> provider.chat(request(HELLO, null))).isInstanceOfSatisfying(UpstreamException.class, e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
            assertThat(e.getMessage()).contains("Rate limit reached").doesNotContain("sk-gateway");
        });
    }

    @Test
    void shouldPreferRetryAfterMsToRetryAfter() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after-ms", "1500").addHeader("Retry-After", "2")
                .body("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}").build());

        assertThatThrownBy(() -> provider.chat(request(HELLO, null))).isInstanceOfSatisfying(UpstreamException.class, e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1500));
        });
    }

    @Test
    void shouldReadARetryAfterHttpDate() {
        String inTwoMinutes = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(121));
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", inTwoMinutes).body("{}").build());

        assertThatThrownBy(() -> provider.chat(request(HELLO, null))).isInstanceOfSatisfying(UpstreamException.class,
                e -> assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(121)));
    }

    @Test
    void shouldFallBackToTheRateLimitResetsOfTheExhaustedLimit() {
        server.enqueue(new MockResponse.Builder().code(429)
                .addHeader("x-ratelimit-remaining-requests", "0").addHeader("x-ratelimit-reset-requests", "1m30s")
                .addHeader("x-ratelimit-remaining-tokens", "149984").addHeader("x-ratelimit-reset-tokens", "250ms")
                .body("{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\"}}").build());

        assertThatThrownBy(() -> provider.chat(request(HELLO, null))).isInstanceOfSatisfying(UpstreamException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(90)));
    }

    @Test
    void shouldNotRetryAnExhaustedQuotaStreamedOrNot() {
        String quota = "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and billing details.\","
                + "\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}";
        server.enqueue(new MockResponse.Builder().code(429).addHeader("x-ratelimit-reset-requests", "1s").body(quota).build());
        server.enqueue(new MockResponse.Builder().code(429).body(quota).build());

        assertThatThrownBy(() -> provider.chat(request(HELLO, null))).isInstanceOfSatisfying(UpstreamException.class, e -> {
            assertThat(e.kind().retryable()).isFalse();
            assertThat(e.kind().fault()).isNotEqualTo(FailureKind.Fault.PROVIDER);
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.retryAfter()).isNull();
            assertThat(e.getMessage()).contains("exceeded your current quota");
        });
        assertThatThrownBy(() -> provider.stream(request(HELLO, null), chunk -> { }))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind().retryable()).isFalse());
    }

    @Test
    void shouldClassifyServerErrorsAsRetryable() {
        server.enqueue(new MockResponse.Builder().code(500).body("oops").build());

        assertThatThrownBy(() -> provider.chat(request(HELLO, null))).isInstanceOfSatisfying(UpstreamException.class,
                e -> assertThat(e.kind().retryable()).isTrue());
    }

    @Test
    void shouldCancelTheCallWhenTheClientGoesAway() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(fixture("stream-text.sse")).build());
        List<ObjectNode> delivered = new ArrayList<>();

        assertThatThrownBy(() -> provider.stream(request(HELLO, null), chunk -> {
            delivered.add(chunk);
            if (delivered.size() == 2) {
                throw new IOException("broken pipe");
            }
        })).isInstanceOfSatisfying(StreamAbortedException.class, e -> assertThat(e.partial().outputText()).isEqualTo("Hello"));
    }
}
