package xyz.pura.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an event goes that Kafka will never take (larger than the broker accepts, an invalid record): it is set
 * aside once, in {@code <dir>/quarantine-<n>.jsonl} (one JSON line per event, its topic, key, timestamp and the
 * reason), counted and logged once at ERROR, and the publisher forgets it. Sending it again could only fail again:
 * a 600 KB event was once parked and re-sent in a tight loop, 630,000 log lines in 5 s, and the spool replayed it
 * after every restart. The files are bounded ({@link #MAX_BYTES} in all); past that an event is only counted and
 * logged. An operator may publish a quarantined event again by hand once the cause is fixed.
 */
public final class Quarantine {
    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);
    /** The most the quarantine files may hold together. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    private final Path dir;
    private final AtomicLong count = new AtomicLong();
    private long bytesWritten;

    /** @param dir where quarantined events are written; null: counted and logged only */
    public Quarantine(Path dir) {
        this.dir = dir;
    }

    /** True for a failure that no retry can cure. Everything else (a broker away, a leader moving) is retried. */
    public static boolean isPoison(Throwable error) {
        return error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException
                || error instanceof InvalidRecordException || error instanceof SerializationException;
    }

    /** Sets the record aside; never throws. */
    public void put(ProducerRecord<String, byte[]> record, Throwable reason) {
        long n = count.incrementAndGet();
        int size = record.value() == null ? 0 : record.value().length;
        String where = write(record, reason);
        LOG.error("quarantined an event Kafka refuses ({}): topic {}, key {}, {} bytes{}; it will not be sent again "
                        + "({} quarantined since start)", reason.getClass().getSimpleName(), record.topic(),
                abbreviate(record.key()), size, where, n);
    }

    /** Events quarantined since start. */
    public long count() {
        return count.get();
    }

    private synchronized String write(ProducerRecord<String, byte[]> record, Throwable reason) {
        if (dir == null) {
            return "";
        }
        byte[] value = record.value() == null ? new byte[0] : record.value();
        String head = "{\"topic\":\"" + record.topic() + "\",\"key\":\"" + jsonSafe(record.key()) + "\",\"timestamp\":"
                + record.timestamp() + ",\"reason\":\"" + reason.getClass().getSimpleName() + "\",\"value\":";
        byte[] tail = "}\n".getBytes(StandardCharsets.UTF_8);
        long lineBytes = head.length() + (long) value.length + tail.length;
        if (bytesWritten + lineBytes > MAX_BYTES) {
            return " (the quarantine files are full: not written)";
        }
        Path file = dir.resolve("quarantine.jsonl");
        try {
            Files.createDirectories(dir);
            // the value is the event's own JSON, written as it is
            byte[] line = new byte[(int) lineBytes];
            byte[] h = head.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(h, 0, line, 0, h.length);
            System.arraycopy(value, 0, line, h.length, value.length);
            System.arraycopy(tail, 0, line, h.length + value.length, tail.length);
            Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            bytesWritten += line.length;
            return ", kept in " + file;
        } catch (IOException | RuntimeException e) {
            return " (could not be written: " + e.getClass().getSimpleName() + ")";
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static String jsonSafe(String s) {
        return s == null ? "" : abbreviate(s).replaceAll("[^A-Za-z0-9_.:-]", "?");
    }
}
