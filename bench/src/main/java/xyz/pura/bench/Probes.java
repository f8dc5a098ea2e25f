package xyz.pura.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import xyz.pura.events.Json;
import xyz.pura.events.RequestCompleted;

/** Side measurements of what the gateway's durability step costs, and of what a local spool would cost instead. */
final class Probes {
    private Probes() {
    }

    static final String PROBE_TOPIC = "bench.ack-probe";

    static RequestCompleted sampleCompletion(int i) {
        return new RequestCompleted(1, "req-" + i + ":completed", java.time.Instant.now(), "req-" + i,
                "key_0123456789abcdef", "openai", "gpt-4o-mini", "cheap", "ok", 200, null, 3, 2L, false,
                14, 42, new RequestCompleted.ProviderUsage(14, 42, 0, 0), 12345, "2026-11-25", false, false,
                List.of(new RequestCompleted.Attempt("openai", "gpt-4o-mini", "ok", 200, 3)));
    }

    /**
     * The gateway's durable publish, reproduced: a producer with the gateway's settings (acks=all, idempotent,
     * linger.ms=1, lz4) sends a RequestCompleted-sized record at {@code rps} and each send's
     * send-to-acknowledgement time is recorded (microseconds). That is what
     * {@code Exchange.succeed -> EventPublisher.publishDurably} waits for before the last byte.
     */
    static Histogram kafkaAck(String bootstrap, double rps, long durationNanos) throws Exception {
        try (Admin admin = Admin.create(java.util.Map.of("bootstrap.servers", bootstrap))) {
            if (!admin.listTopics().names().get().contains(PROBE_TOPIC)) {
                admin.createTopics(List.of(new NewTopic(PROBE_TOPIC, 1, (short) 1))).all().get();
            }
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Histogram h = new ConcurrentHistogram(Load.MAX_TRACKABLE_US, 3);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            byte[] value = Json.bytes(sampleCompletion(0));
            for (int i = 0; i < 50; i++) { // warm: metadata, producer id
                producer.send(new ProducerRecord<>(PROBE_TOPIC, "k", value)).get();
            }
            long period = (long) (1e9 / rps);
            long n = durationNanos / period;
            long t0 = System.nanoTime();
            for (long i = 0; i < n; i++) {
                long due = t0 + i * period;
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(PROBE_TOPIC, "k" + (i % 64), Json.bytes(sampleCompletion((int) i))),
                        (meta, err) -> {
                            if (err == null) {
                                h.recordValue(Math.min(Load.MAX_TRACKABLE_US, (System.nanoTime() - start) / 1000));
                            }
                        });
            }
            producer.flush();
        }
        return h;
    }

    /** A local spool's cost per completion: append one serialised RequestCompleted (framed) to a file. */
    record Spool(Histogram writeOnly, Histogram writeForce, Histogram groupForce1ms) {
    }

    static Spool spool(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        byte[] value = Json.bytes(sampleCompletion(0));
        Histogram w = new Histogram(Load.MAX_TRACKABLE_US * 1000, 3);
        Histogram f = new Histogram(Load.MAX_TRACKABLE_US * 1000, 3);
        Histogram g = new Histogram(Load.MAX_TRACKABLE_US * 1000, 3);
        Path file = dir.resolve("spool.bin");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(value.length + 8);
            for (int i = 0; i < n * 2; i++) { // write only (page cache); first half warms up
                buf.clear();
                buf.putInt(value.length).put(value).putInt(0).flip();
                long s = System.nanoTime();
                ch.write(buf);
                if (i >= n) {
                    w.recordValue(System.nanoTime() - s);
                }
            }
            for (int i = 0; i < n; i++) { // write + fdatasync each record
                buf.clear();
                buf.putInt(value.length).put(value).putInt(0).flip();
                long s = System.nanoTime();
                ch.write(buf);
                ch.force(false);
                f.recordValue(System.nanoTime() - s);
            }
            // group commit: records arrive every 1 ms over 2 ms; one fdatasync per 1 ms window; a record waits
            // for the end of its window plus the sync
            long t0 = System.nanoTime();
            long windowStart = t0;
            List<Long> pending = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                long due = t0 + i * 250_000L; // 4,000 records/s
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
                buf.clear();
                buf.putInt(value.length).put(value).putInt(0).flip();
                ch.write(buf);
                pending.add(due);
                if (System.nanoTime() - windowStart >= TimeUnit.MILLISECONDS.toNanos(1)) {
                    ch.force(false);
                    long end = System.nanoTime();
                    for (long d : pending) {
                        g.recordValue(end - d);
                    }
                    pending.clear();
                    windowStart = end;
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return new Spool(w, f, g);
    }
}
