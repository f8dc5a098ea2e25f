package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import xyz.pura.journal.TopicSetup;
import xyz.pura.app.testing.TestBroker;
import xyz.pura.app.testing.TopicReader;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.Topics;
import xyz.pura.journal.EventPublisher;
import xyz.pura.journal.Spool;

/** Billing events that a broker outage kept from Kafka survive the process (in the spool) and are published on the next start; then the spool empties. */
class SpoolTest {

    @Test
    void shouldPublishEventsSpooledDuringAnOutageAfterARestart() throws Exception {
        TopicSetup.ensure(TestBroker.bootstrapServers(), 3, (short) 1);
        Path dir = Files.createTempDirectory("pura-spool");
        List<String> ids = new ArrayList<>();
        try (EventPublisher down = new EventPublisher("127.0.0.1:1", "spool-test", new Spool(dir))) {
            down.brokerReachable(() -> false);
            for (int i = 0; i < 5; i++) {
                String id = "req_spool_" + UUID.randomUUID();
                ids.add(id);
                down.publish(Topics.COMPLETIONS, "key_0123456789abcdef", completion(id));
            }
            assertThat(down.backlog()).isEqualTo(5);
        }
        assertThat(new Spool(dir).recover()).hasSize(5);

        try (EventPublisher back = new EventPublisher(TestBroker.bootstrapServers(), "spool-test", new Spool(dir));
             TopicReader completions = new TopicReader(TestBroker.bootstrapServers(), Topics.COMPLETIONS.name())) {
            assertThat(completions.await(e -> ids.contains(e.path("requestId").asText()), 5)).hasSize(5);
            await().atMost(Duration.ofSeconds(10)).until(() -> back.backlog() == 0 && isEmpty(dir));
        }
    }

    /**
     * A published event costs little garbage even when it starts a batch of its own (the usual case at the
     * 5 ms linger): the producer does not compress, where lz4 allocated two 64 KiB block buffers per batch.
     */
    @Test
    void shouldPublishWithoutAllocatingCompressionBuffersPerBatch() throws Exception {
        TopicSetup.ensure(TestBroker.bootstrapServers(), 3, (short) 1);
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (EventPublisher publisher = new EventPublisher(TestBroker.bootstrapServers(), "alloc-test",
                new Spool(Files.createTempDirectory("pura-spool")))) {
            for (int i = 0; i < 50; i++) { // warm: metadata, serialisers, the spool's buffer pool
                publisher.publish(Topics.COMPLETIONS, "key_0123456789abcdef", completion("req_warm_" + i));
                publisher.flush();
            }
            int events = 100;
            long allocated = 0;
            for (int i = 0; i < events; i++) {
                RequestCompleted event = completion("req_alloc_" + UUID.randomUUID());
                long before = threads.getCurrentThreadAllocatedBytes();
                publisher.publish(Topics.COMPLETIONS, "key_0123456789abcdef", event);
                allocated += threads.getCurrentThreadAllocatedBytes() - before;
                publisher.flush(); // the next event starts a new batch
            }

            assertThat(allocated / events).as("bytes allocated per published event").isLessThan(32 * 1024);
        }
    }

    private static boolean isEmpty(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }

    private static RequestCompleted completion(String requestId) {
        return new RequestCompleted(RequestCompleted.SCHEMA_VERSION, RequestCompleted.eventIdFor(requestId), Instant.now(),
                requestId, "key_0123456789abcdef", "groq", "llama-3.1-8b-instant", "cheap", "ok", 200, null, 5, 2L, false,
                3, 4, null, 1_000, "2026-11-25", false, false, List.of());
    }
}
