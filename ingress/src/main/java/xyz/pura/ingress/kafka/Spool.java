package xyz.pura.ingress.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.events.Json;

/**
 * A local file of billing events that Kafka has not acknowledged (the broker is away, or an answer's
 * acknowledgement timed out): each is appended and forced to disk before the publisher moves on, read
 * back on the next start, and the file is emptied once everything in it is acknowledged. A record may be
 * sent twice (spooled, then acknowledged after all): every event carries its id, and consumers de-duplicate.
 */
public final class Spool {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

    private final Path file;
    private FileChannel channel;
    private long lines;

    public Spool(Path file) {
        this.file = file;
    }

    /** The records a previous run left unacknowledged. */
    public synchronized List<ProducerRecord<String, byte[]>> recover() {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = Json.mapper().readTree(line);
                    out.add(new ProducerRecord<>(n.get("topic").asText(), null, n.get("ts").asLong(),
                            n.get("key").isNull() ? null : n.get("key").asText(), Base64.getDecoder().decode(n.get("value").asText())));
                } catch (IOException | RuntimeException torn) {
                    LOG.warn("skipping a torn line at the end of {}", file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the billing spool " + file, e);
        }
        lines = out.size();
        if (!out.isEmpty()) {
            LOG.info("recovered {} billing events from {}; they are published again", out.size(), file);
        }
        return out;
    }

    /** Appends a record and forces it to disk. */
    public synchronized void append(ProducerRecord<String, byte[]> record) {
        ObjectNode n = Json.mapper().createObjectNode().put("topic", record.topic()).put("key", record.key())
                .put("ts", record.timestamp()).put("value", Base64.getEncoder().encodeToString(record.value()));
        byte[] line = (n + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (channel == null) {
                Files.createDirectories(file.getParent());
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            channel.write(ByteBuffer.wrap(line));
            channel.force(false);
            lines++;
        } catch (IOException e) {
            LOG.error("cannot write the billing spool {}: {}", file, e.toString());
        }
    }

    /** Everything spooled has been acknowledged: start afresh. */
    public synchronized void clear() {
        if (lines == 0) {
            return;
        }
        try {
            if (channel != null) {
                channel.close();
                channel = null;
            }
            Files.deleteIfExists(file);
            lines = 0;
        } catch (IOException e) {
            LOG.error("cannot clear the billing spool {}: {}", file, e.toString());
        }
    }

    public synchronized long size() {
        return lines;
    }
}
