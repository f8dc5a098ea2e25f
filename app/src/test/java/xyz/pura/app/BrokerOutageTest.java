package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.app.testing.TopicReader;
import xyz.pura.events.Topics;

/**
 * Kafka stopped for 20 s under steady traffic: requests are served while the buffer of unacknowledged
 * billing events has room, then refused with 503 (never served unbilled); when Kafka returns, everything
 * buffered is published once: every served request is in the ledger exactly once.
 */
class BrokerOutageTest {

    @Test
    void shouldBufferBillingThrough20SecondsWithoutKafkaAndPublishItOnceWhenItReturns() {
        try (TestGateway gateway = TestGateway.startIsolated(Map.of("PURA_MAX_UNACKED_EVENTS", "40"))) {
            String key = gateway.createKey("outage");
            Set<String> served = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                served.add(requestId(chat(gateway, key)));
            }

            gateway.app().broker().close();
            int servedDuringOutage = 0;
            int refused = 0;
            int servedBeforeFirstRefusal = -1;
            Instant end = Instant.now().plusSeconds(20);
            while (Instant.now().isBefore(end)) {
                HttpResponse<String> r = chat(gateway, key);
                if (r.statusCode() == 200) {
                    served.add(requestId(r));
                    servedDuringOutage++;
                } else {
                    assertThat(r.statusCode()).isEqualTo(503);
                    assertThat(TestGateway.json(r.body()).at("/error/code").asText()).isEqualTo("billing_unavailable");
                    if (refused++ == 0) {
                        servedBeforeFirstRefusal = servedDuringOutage;
                    }
                }
            }
            assertThat(refused).isPositive();
            assertThat(servedBeforeFirstRefusal).isBetween(15, 20);

            try (EmbeddedKafka back = new EmbeddedKafka(gateway.app().config().dataDir()).start();
                 TopicReader ledger = new TopicReader(back.bootstrapServers(), Topics.LEDGER.name())) {
                List<JsonNode> debits = ledger.await(e -> served.contains(e.path("sourceId").asText()), served.size());
                Map<String, Long> perRequest = debits.stream()
                        .collect(Collectors.groupingBy(e -> e.get("sourceId").asText(), Collectors.counting()));
                assertThat(perRequest.keySet()).containsExactlyInAnyOrderElementsOf(served);
                assertThat(perRequest.values()).allMatch(n -> n == 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> chat(gateway, key).statusCode() == 200);
            }
        }
    }

    private static HttpResponse<String> chat(TestGateway gateway, String key) {
        return gateway.post("/v1/chat/completions", key, "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
    }

    private static String requestId(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(200);
        return r.headers().firstValue("X-Pura-Request-Id").orElseThrow();
    }
}
