package xyz.pura.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xyz.pura.providers.fixtures.Fixtures.body;
import static xyz.pura.providers.fixtures.Fixtures.config;
import static xyz.pura.providers.fixtures.Fixtures.parse;
import static xyz.pura.providers.fixtures.Fixtures.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xyz.pura.events.ProviderId;
import xyz.pura.events.chat.InvalidRequestException;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.UpstreamException;

/** Edges of the OpenAI-Gemini translation that the simulator does not produce: shapes as Gemini documents them. */
class GeminiTranslationTest {
    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    private MockWebServer server;
    private GeminiProvider provider;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        provider = new GeminiProvider(config(ProviderId.GEMINI, server, "gateway-key"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void answer(int status, String json) {
        server.enqueue(new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(json).build());
    }

    @Test
    void shouldReadAFractionalRetryDelayAndPreferARetryAfterHeader() {
        String quota = """
                {"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED","details":[
                  {"@type":"type.googleapis.com/google.rpc.Help","links":[]},
                  {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.5s"}]}}""";
        answer(429, quota);
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "7").body(quota).build());

        assertThatThrownBy(() -> provider.chat(request(HELLO, "gemini-2.5-flash", null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1500)));
        assertThatThrownBy(() -> provider.chat(request(HELLO, "gemini-2.5-flash", null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
    }

    @Test
    void shouldSignOnlyTheToolCallsGeminiSignedAndSendEachSignatureBackOnItsOwnCall() throws Exception {
        answer(200, """
                {"responseId":"r1","candidates":[{"index":0,"finishReason":"STOP","content":{"role":"model","parts":[
                  {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"c2lnLTE="},
                  {"functionCall":{"name":"get_time","args":{}}}]}}]}""");
        JsonNode calls = provider.chat(request(HELLO, "gemini-3-flash-preview", null)).completion().at("/choices/0/message/tool_calls");

        assertThat(calls.at("/0/extra_content/google/thought_signature").asText()).isEqualTo("c2lnLTE=");
        assertThat(calls.get(1).has("extra_content")).isFalse();

        answer(200, "{\"candidates\":[{\"finishReason\":\"STOP\",\"content\":{\"parts\":[{\"text\":\"ok\"}]}}]}");
        server.takeRequest(1, TimeUnit.SECONDS);
        provider.chat(request("{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"},{\"role\":\"assistant\",\"tool_calls\":"
                + calls + "},{\"role\":\"tool\",\"tool_call_id\":\"" + calls.at("/0/id").asText() + "\",\"content\":\"sunny\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"" + calls.at("/1/id").asText() + "\",\"content\":\"noon\"}]}",
                "gemini-3-flash-preview", null));

        JsonNode sent = body(server.takeRequest(1, TimeUnit.SECONDS)).at("/contents/1/parts");
        assertThat(sent.at("/0/thoughtSignature").asText()).isEqualTo("c2lnLTE=");
        assertThat(sent.get(1).has("thoughtSignature")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"MISSING_THOUGHT_SIGNATURE,BAD_REQUEST", "TOO_MANY_TOOL_CALLS,SERVER_ERROR", "SOMETHING_NEW,SERVER_ERROR"})
    void shouldFailFinishReasonsThatLeaveNoUsableAnswer(String reason, FailureKind kind) {
        answer(200, "{\"candidates\":[{\"index\":0,\"finishReason\":\"" + reason + "\",\"finishMessage\":\"why\"}]}");

        assertThatThrownBy(() -> provider.chat(request(HELLO, "gemini-2.5-flash", null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.getMessage()).contains("why");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"UklGRg==\",\"format\":\"m4a\"}} | messages[0].content[0].input_audio.format",
        "{\"type\":\"file\",\"file\":{\"file_id\":\"file-abc\"}}                               | messages[0].content[0].file.file_id",
        "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x.test/a.png\",\"mime_type\":\"text/html\"}} "
            + "| messages[0].content[0].image_url.mime_type",
        "{\"type\":\"image_url\",\"image_url\":{\"url\":\"ftp://x.test/a.png\"}}               | messages[0].content[0].image_url.url"})
    void shouldRefusePartsGeminiCannotBeGivenNamingTheField(String part, String param) {
        assertThatThrownBy(() -> provider.chat(request("{\"messages\":[{\"role\":\"user\",\"content\":[" + part + "]}]}",
                "gemini-2.5-flash", null)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.param()).isEqualTo(param));
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void shouldSendAFilesApiImageWithoutAMimeTypeAndNoThinkingConfigToAModelThatDoesNotThink() throws Exception {
        answer(200, "{\"candidates\":[{\"finishReason\":\"STOP\",\"content\":{\"parts\":[{\"text\":\"ok\"}]}}]}");
        String uri = "https://generativelanguage.googleapis.com/v1beta/files/abc123";

        provider.chat(request("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\""
                + uri + "\"}}]}],\"reasoning_effort\":\"high\"}", "gemini-2.0-flash", null));

        JsonNode sent = body(server.takeRequest(1, TimeUnit.SECONDS));
        assertThat(sent.at("/contents/0/parts/0")).isEqualTo(parse("{\"fileData\":{\"fileUri\":\"" + uri + "\"}}"));
        assertThat(sent.at("/generationConfig/thinkingConfig").isMissingNode()).isTrue();
    }
}
