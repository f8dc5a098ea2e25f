package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestBroker;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.app.testing.TopicReader;
import xyz.pura.events.EventSchemas;
import xyz.pura.events.Topics;

/** Every request's RequestAccepted and RequestCompleted land on Kafka, readable by any consumer, valid against their schemas. */
class EventsOnKafkaTest {
    private static TestGateway gateway;
    private static String key;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        key = gateway.createKey("events");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldPublishAcceptedAndCompletedForStreamedAndNonStreamedRequests() {
        HttpResponse<String> json = gateway.post("/v1/chat/completions", key, "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        HttpResponse<String> sse = gateway.post("/api/chat", key, "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(sse.statusCode()).isEqualTo(200);
        assertThat(sse.body()).startsWith("data: ").endsWith("data: [DONE]\n\n");
        List<String> ids = List.of(json.headers().firstValue("X-Pura-Request-Id").orElseThrow(),
                sse.headers().firstValue("X-Pura-Request-Id").orElseThrow());

        try (TopicReader requests = new TopicReader(TestBroker.bootstrapServers(), Topics.REQUESTS.name());
             TopicReader completions = new TopicReader(TestBroker.bootstrapServers(), Topics.COMPLETIONS.name())) {
            List<JsonNode> accepted = requests.await(e -> ids.contains(e.path("requestId").asText()), 2);
            List<JsonNode> completed = completions.await(e -> ids.contains(e.path("requestId").asText()), 2);

            assertThat(accepted).hasSize(2).allSatisfy(e -> assertThat(EventSchemas.validate(Topics.REQUESTS, e)).isEmpty());
            assertThat(completed).hasSize(2).allSatisfy(e -> {
                assertThat(EventSchemas.validate(Topics.COMPLETIONS, e)).isEmpty();
                assertThat(e.get("status").asText()).isEqualTo("ok");
                assertThat(e.get("outputTokens").asInt()).isPositive();
                assertThat(e.get("eventId").asText()).isEqualTo(e.get("requestId").asText() + ":completed");
            });
            assertThat(completed).extracting(e -> e.get("stream").asBoolean()).containsExactlyInAnyOrder(true, false);
        }
    }

    @Test
    void shouldPublishACompletionForAnUpstreamFailureToo() {
        gateway.app().simulator().state().injectFault("groq", xyz.pura.simulator.Fault.status(400), 1);

        HttpResponse<String> r = gateway.post("/v1/chat/completions", key,
                "{\"model\":\"llama-3.3-70b-versatile\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");

        assertThat(r.statusCode()).isEqualTo(400);
        String id = r.headers().firstValue("X-Pura-Request-Id").orElseThrow();
        try (TopicReader completions = new TopicReader(TestBroker.bootstrapServers(), Topics.COMPLETIONS.name())) {
            JsonNode e = completions.await(c -> c.path("requestId").asText().equals(id), 1).get(0);
            assertThat(e.get("status").asText()).isEqualTo("upstream_error");
            assertThat(e.get("costNanoUsd").asLong()).isZero();
            assertThat(EventSchemas.validate(Topics.COMPLETIONS, e)).isEmpty();
        }
    }
}
