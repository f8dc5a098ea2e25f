package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestGateway;

/**
 * Past PURA_MAX_IN_FLIGHT chat requests at once, new ones are shed at once with 503 {@code overloaded} and
 * Retry-After (before, an open-model overload queued requests until the heap ran out); once the requests in
 * flight finish, new ones are served again.
 */
class OverloadTest {
    private static final String STREAM = "{\"model\":\"llama-3.3-70b-versatile\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a long story\"}]}";
    private static TestGateway gateway;
    private static String key;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(Map.of("PURA_MAX_IN_FLIGHT", "2", "PURA_SIM_TOKEN_DELAY_MS", "100"));
        key = gateway.createKey("overload");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldShedRequestsPastTheInFlightLimitWith503AndServeAgainOnceTheyFinish() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<HttpResponse<InputStream>> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(STREAM)).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            firstChunk(r);
            held.add(r);
        }

        HttpResponse<String> shed = gateway.post("/v1/chat/completions", key,
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(shed.statusCode()).isEqualTo(503);
        assertThat(shed.headers().firstValue("Retry-After")).contains("1");
        var error = TestGateway.json(shed.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("server_error");
        assertThat(error.path("code").asText()).isEqualTo("overloaded");
        assertThat(error.path("message").asText()).contains("PURA_MAX_IN_FLIGHT");

        for (HttpResponse<InputStream> r : held) {
            r.body().close();
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(gateway.post("/v1/chat/completions", key,
                        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode()).isEqualTo(200));
    }

    /**
     * The kernel queues up to 1,024 new connections for the acceptor. Jetty's default asked for 0, which the
     * JDK makes 50: 1,000 streams opened at 500 a second on a busy host overflowed it, and the kernel dropped
     * connections before the gateway read a byte. Read from the listening socket with iproute2's ss.
     */
    @Test
    void shouldQueueUpTo1024NewConnectionsForTheAcceptor() throws Exception {
        int port = URI.create(gateway.baseUrl()).getPort();
        Process ss = new ProcessBuilder("ss", "-ltnH", "sport = :" + port).redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(ss.waitFor()).isZero();

        // State Recv-Q Send-Q Local Peer: for a listening socket, Send-Q is its backlog
        assertThat(out.split("\\s+")[2]).as(out).isEqualTo(Integer.toString(xyz.pura.ingress.IngressServer.ACCEPT_BACKLOG));
    }

    private static void firstChunk(HttpResponse<InputStream> r) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        String line;
        do {
            line = lines.readLine();
        } while (line != null && !line.startsWith("data: "));
        assertThat(line).isNotNull();
    }
}
