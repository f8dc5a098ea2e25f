package xyz.pura.lightning.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.events.Json;

/**
 * The dev backend's append-only journal, one JSON object per line: a {@code created} line per
 * invoice (with its preimage) and a {@code settled} line per settlement. Each append is synced
 * to disk before the call that made it returns, so a line cut short by a crash belongs to a call
 * that never returned; it is dropped on the next start.
 */
final class DevInvoiceLog {
    private static final Logger LOG = LoggerFactory.getLogger(DevInvoiceLog.class);

    /** One journal line; fields not used by an event are null. */
    record Line(String event, String paymentHash, String paymentRequest, Long amountSat, String description,
                Instant createdAt, Instant expiresAt, String preimage, Instant settledAt) {
        static final String CREATED = "created";
        static final String SETTLED = "settled";
    }

    private final Path file;

    private DevInvoiceLog(Path file) {
        this.file = file;
    }

    /** Opens (creating with mode 600) the journal and returns it with its lines so far. */
    static DevInvoiceLog open(Path file, List<Line> into) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(NodeKey.OWNER_ONLY));
        }
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            LOG.warn("{}: dropping {} bytes of a line cut short by a crash", file, bytes.length - end);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(end);
                ch.force(true);
            }
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n");
        List<Line> parsed = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                parsed.add(Json.mapper().readValue(lines[i], Line.class));
            } catch (JsonProcessingException e) {
                throw new IOException(file + " line " + (i + 1) + " is not a journal entry", e);
            }
        }
        into.addAll(parsed);
        return new DevInvoiceLog(file);
    }

    /** Appends one line and syncs it. */
    synchronized void append(Line line) throws IOException {
        byte[] json = Json.bytes(line);
        byte[] withNewline = new byte[json.length + 1];
        System.arraycopy(json, 0, withNewline, 0, json.length);
        withNewline[json.length] = '\n';
        Files.write(file, withNewline, StandardOpenOption.APPEND, StandardOpenOption.DSYNC);
    }
}
