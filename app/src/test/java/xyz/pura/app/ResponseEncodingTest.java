package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.events.Json;

/**
 * How a JSON answer goes on the wire: a small one is written straight to the response with its length; one of
 * 1,500 bytes or more is gzipped for a client that accepts gzip (as the OpenAI SDKs do).
 */
class ResponseEncodingTest {
    private static TestGateway gateway;
    private static String key;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        key = gateway.createKey("encoding");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldWriteASmallAnswerWithItsLengthAndNoEncoding() throws Exception {
        HttpResponse<byte[]> r = chat("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(r.body().length);
        JsonNode body = Json.mapper().readTree(r.body());
        assertThat(body.path("choices").path(0).path("message").path("content").asText()).isNotEmpty();
        assertThat(body.path("pura").path("costUsd").asText()).isNotEmpty();
    }

    @Test
    void shouldGzipALargeAnswerForAClientThatAcceptsIt() throws Exception {
        StringBuilder props = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            props.append(i == 0 ? "" : ",").append("\"a_rather_long_parameter_name_").append(i).append("\":{\"type\":\"string\"}");
        }
        HttpResponse<byte[]> r = chat("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"fill the form\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"form\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{" + props + "}}}}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] json = new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes();
        assertThat(json.length).isGreaterThanOrEqualTo(1500);
        JsonNode call = Json.mapper().readTree(json).path("choices").path(0).path("message").path("tool_calls").path(0);
        assertThat(Json.mapper().readTree(call.path("function").path("arguments").asText())
                .has("a_rather_long_parameter_name_59")).isTrue();
    }

    private static HttpResponse<byte[]> chat(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .header("Accept-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
