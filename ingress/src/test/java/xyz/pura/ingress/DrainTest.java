package xyz.pura.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.Json;
import xyz.pura.events.ProviderId;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.ChunkSink;
import xyz.pura.providers.Provider;
import xyz.pura.providers.UpstreamRequest;

/**
 * A stopping ingress drains: new requests get 503 {@code shutting_down} at once, and a request in flight finishes and
 * is delivered before the server stops (its answer is billed, so it must also reach the client).
 */
class DrainTest {
    private static final String HI = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private final CountDownLatch upstreamEntered = new CountDownLatch(1);
    private final CountDownLatch upstreamRelease = new CountDownLatch(1);
    private TestIngress ingress;

    @AfterEach
    void stop() {
        upstreamRelease.countDown();
        if (ingress != null) {
            ingress.close();
        }
    }

    @Test
    void shouldFinishTheRequestsInFlightAndRefuseNewOnesWhileDraining() throws Exception {
        // Given a request held in the upstream
        ingress = TestIngress.start(new TestIngress.Limits(10, Duration.ofSeconds(5), 0, Duration.ofSeconds(30)), new HeldProvider());
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(post(), HttpResponse.BodyHandlers.ofString());
        assertThat(upstreamEntered.await(10, TimeUnit.SECONDS)).isTrue();

        // When the ingress starts draining
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return ingress.door.drain(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        // Then a new request is refused at once with 503 shutting_down and Retry-After
        await().atMost(Duration.ofSeconds(5)).until(() -> http.send(post(), HttpResponse.BodyHandlers.ofString()).statusCode() == 503);
        HttpResponse<String> refused = http.send(post(), HttpResponse.BodyHandlers.ofString());
        assertThat(Json.mapper().readTree(refused.body()).at("/error/code").asText()).isEqualTo("shutting_down");
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(drained).isNotDone();

        // and the held request, once its upstream answers, is delivered and the drain completes
        upstreamRelease.countDown();
        assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
    }

    private HttpRequest post() {
        return HttpRequest.newBuilder(URI.create(ingress.baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + ingress.key).POST(HttpRequest.BodyPublishers.ofString(HI)).build();
    }

    private final class HeldProvider implements Provider {
        @Override
        public ProviderId id() {
            return ProviderId.OPENAI;
        }

        @Override
        public boolean configured() {
            return true;
        }

        @Override
        public ChatResult chat(UpstreamRequest request) {
            upstreamEntered.countDown();
            try {
                upstreamRelease.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ObjectNode completion = Json.mapper().createObjectNode();
            completion.put("id", "chatcmpl-held").put("object", "chat.completion").put("created", 1).put("model", request.model());
            ObjectNode choice = completion.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", "hi");
            return new ChatResult(completion, "hi", "stop", null);
        }

        @Override
        public ChatResult stream(UpstreamRequest request, ChunkSink sink) {
            throw new UnsupportedOperationException("not streamed here");
        }
    }
}
