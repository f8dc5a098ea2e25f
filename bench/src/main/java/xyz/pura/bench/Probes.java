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

/**
 * Side measurements of durability: what a spool append costs (what an answer waits for now) and what Kafka's
 * acknowledgement costs (what the previous design waited for before the last byte).
 */
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
     * The previous design's durable publish, reproduced: a producer with the gateway's settings (acks=all,
     * idempotent, linger.ms=1, lz4) sends a RequestCompleted-sized record at {@code rps} and each send's
     * send-to-acknowledgement time is recorded (microseconds). The gateway waited for that before the last byte
     * until the write-ahead spool replaced the wait.
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

    /**
     * A spool append's cost per completion: one serialised RequestCompleted (framed) appended to a file, written
     * only, with an fdatasync per record, and with a shared fdatasync per 1 ms window (group commit). Nanoseconds.
     */
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

    /** Section 4's text and table; {@code ackLoaded} may be null (the loaded probe failed). */
    static void section(Report report, Spool spool, Histogram ackIdle, Histogram ackLoaded, Load.Result pura, String sync) {
        report.line("Each event is appended to the write-ahead spool (`PURA_DATA_DIR/spool`) and handed to the Kafka producer "
                + "without waiting for it; the answer waits for the append only (PURA_SPOOL_SYNC=none, the default: page "
                + "cache) or also for a group-commit fdatasync (=group). This run: PURA_SPOOL_SYNC=" + sync + ". The spool "
                + "rows append a framed RequestCompleted to a file beside the gateway's spool (same file system), 4,000 "
                + "records each. The Kafka rows are what the previous design waited for before the last byte: a producer "
                + "with the gateway's settings (acks=all, idempotence, linger.ms=1, lz4), send -> acknowledgement.\n");
        report.line("| measurement | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |\n|---|---:|---:|---:|---:|---:|");
        report.line(Report.histRow("spool: append (write, page cache), as PURA_SPOOL_SYNC=none", spool.writeOnly(), 1_000_000.0));
        report.line(Report.histRow("spool: append + group fdatasync per 1 ms window at 4,000/s (wait incl.), like =group",
                spool.groupForce1ms(), 1_000_000.0));
        report.line(Report.histRow("spool: append + fdatasync per record", spool.writeForce(), 1_000_000.0));
        report.line(Report.histRow("previous design: Kafka ack, broker otherwise idle (500/s)", ackIdle, 1000.0));
        if (ackLoaded != null) {
            report.line(Report.histRow("previous design: Kafka ack, gateway at 1,000 RPS (probe 200/s)", ackLoaded, 1000.0));
        }
        report.line(Report.histRow("Pura 1,000 RPS end-to-end during the loaded probe", pura.latency, 1000.0));
        report.line("");
    }
}
