package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import xyz.pura.journal.TopicSetup;
import xyz.pura.testing.LogCapture;
import xyz.pura.app.testing.TestBroker;
import xyz.pura.app.testing.TopicReader;
import xyz.pura.events.RequestAccepted;
import xyz.pura.events.Topics;
import xyz.pura.journal.EventPublisher;
import xyz.pura.journal.Spool;

/**
 * An event Kafka will never take is set aside once, loudly, and never blocks the others. A 600 KB model name once
 * made a RequestAccepted the broker refused: it was parked and re-sent in a tight loop (630,000 log lines in 5 s)
 * and the spool replayed it after every restart.
 */
class QuarantineTest {

    @Test
    void shouldQuarantineAnEventKafkaRefusesOnceAndGoOnWithTheOthers() throws Exception {
        TopicSetup.ensure(TestBroker.bootstrapServers(), 3, (short) 1);
        Path dir = Files.createTempDirectory("pura-spool");
        String normalId = "req_after_poison_" + UUID.randomUUID();
        try (LogCapture log = new LogCapture();
             TopicReader requests = new TopicReader(TestBroker.bootstrapServers(), Topics.REQUESTS.name())) {
            try (EventPublisher publisher = new EventPublisher(TestBroker.bootstrapServers(), "quarantine-test", new Spool(dir))) {
                publisher.publish(Topics.REQUESTS, "key_0123456789abcdef", accepted("req_poison_" + UUID.randomUUID(),
                        "x".repeat(2 * 1024 * 1024)));
                publisher.publish(Topics.REQUESTS, "key_0123456789abcdef", accepted(normalId, "cheap tier"));

                assertThat(requests.await(e -> e.path("requestId").asText().equals(normalId), 1)).hasSize(1);
                await().atMost(Duration.ofSeconds(10)).until(() -> publisher.quarantined() == 1 && publisher.backlog() == 0);
                // the drainer runs every 500 ms: a poison event parked again would have failed many times by now
                await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3))
                        .until(() -> publisher.failures() == 1 && publisher.quarantined() == 1);
            }
            List<String> quarantineLines = log.lines().stream().filter(l -> l.contains("quarantined an event")).toList();
            assertThat(quarantineLines).hasSize(1);
            assertThat(quarantineLines.getFirst()).contains("pura.requests").doesNotContain("xxxxxxxxxx");
            assertThat(log.lines().stream().filter(l -> l.contains("publishing to")).count()).isZero();
        }
        Path file = dir.resolve("quarantine").resolve("quarantine.jsonl");
        assertThat(Files.readAllLines(file)).hasSize(1).first().asString().startsWith("{\"topic\":\"pura.requests\"");
        assertThat(new Spool(dir).recover()).as("nothing to replay after a restart").isEmpty();
    }

    private static RequestAccepted accepted(String requestId, String reason) {
        return new RequestAccepted(RequestAccepted.SCHEMA_VERSION, RequestAccepted.eventIdFor(requestId), Instant.now(),
                requestId, "key_0123456789abcdef", "groq", "llama-3.1-8b-instant", "cheap", false, 3, 1_000, reason,
                false, false);
    }
}
