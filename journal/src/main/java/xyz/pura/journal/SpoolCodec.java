package xyz.pura.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The byte format of the spool's current segments (see {@link Spool}): the segment header, one entry
 * encoded (magic, payload length, CRC32C, payload, padding to 8 bytes) and decoded, and the scan that reads
 * back every whole entry of a segment. It owns the format alone so that the writer and the recovery reader
 * cannot drift apart, and so that a torn or corrupt entry is judged in one place.
 */
final class SpoolCodec {
    /** The spool's log category, as before the spool was split into several classes. */
    private static final Logger LOG = LoggerFactory.getLogger("xyz.pura.journal.Spool");
    /** The largest payload a reader accepts: anything larger is a torn or corrupt length. */
    static final int MAX_ENTRY = 64 * 1024 * 1024;
    /** The smallest payload: an empty topic, no key, no value. */
    static final int MIN_PAYLOAD = 18;
    static final byte[] HEADER = "PURASPL2".getBytes(StandardCharsets.US_ASCII);
    private static final int MAGIC = 0x50455654; // "PEVT"
    private static final int ENTRY_HEADER = 12;

    private SpoolCodec() {
    }

    /** Whether {@code all} starts with the header of the current format. */
    static boolean hasHeader(ByteBuffer all) {
        return all.remaining() >= HEADER.length && all.slice(0, HEADER.length).equals(ByteBuffer.wrap(HEADER));
    }

    /** One entry, padded to 8 bytes, in {@code into} when it fits there (else in a new heap buffer). */
    static ByteBuffer encode(ProducerRecord<String, byte[]> r, ByteBuffer into) {
        byte[] topic = r.topic().getBytes(StandardCharsets.UTF_8);
        byte[] key = r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = r.value() == null ? new byte[0] : r.value();
        int payload = 2 + topic.length + 4 + (key == null ? 0 : key.length) + 8 + 4 + value.length;
        int length = align8(ENTRY_HEADER + payload);
        ByteBuffer buf = into != null && into.capacity() >= length ? into.clear().limit(length) : ByteBuffer.allocate(length);
        buf.putInt(MAGIC).putInt(payload).putInt(0);
        buf.putShort((short) topic.length).put(topic);
        if (key == null) {
            buf.putInt(-1);
        } else {
            buf.putInt(key.length).put(key);
        }
        buf.putLong(r.timestamp() == null ? System.currentTimeMillis() : r.timestamp());
        buf.putInt(value.length).put(value);
        while (buf.hasRemaining()) {
            buf.put((byte) 0);
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.slice(ENTRY_HEADER, payload));
        buf.putInt(8, (int) crc.getValue());
        return buf.flip();
    }

    private static int align8(int n) {
        return (n + 7) & ~7;
    }

    /**
     * Whole entries of a segment of the current format ({@code all} from its header on) wherever they are;
     * anything else (a hole, a torn or corrupt entry) is skipped, 8 bytes at a time. {@code file} only names
     * the segment in the log.
     */
    static List<ProducerRecord<String, byte[]>> readEntries(ByteBuffer all, Path file) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        int skipped = 0;
        int pos = HEADER.length;
        while (pos + ENTRY_HEADER <= all.limit()) {
            int payload = all.getInt(pos + 4);
            if (all.getInt(pos) == MAGIC && payload >= MIN_PAYLOAD && payload <= MAX_ENTRY && payload <= all.limit() - pos - ENTRY_HEADER) {
                CRC32C crc = new CRC32C();
                crc.update(all.slice(pos + ENTRY_HEADER, payload));
                if ((int) crc.getValue() == all.getInt(pos + 8)) {
                    out.add(decode(all.slice(pos + ENTRY_HEADER, payload)));
                    pos += align8(ENTRY_HEADER + payload);
                    continue;
                }
            }
            if (all.getLong(pos) != 0) {
                skipped++;
            }
            pos += 8;
        }
        if (skipped > 0) {
            LOG.warn("{} words of {} were not whole entries (torn or corrupt by a crash) and were skipped", skipped, file);
        }
        return out;
    }

    /** The record in a payload (topic, key, timestamp, value), the same in both formats. */
    static ProducerRecord<String, byte[]> decode(ByteBuffer p) {
        byte[] topic = new byte[p.getShort()];
        p.get(topic);
        int keyLength = p.getInt();
        String key = null;
        if (keyLength >= 0) {
            byte[] k = new byte[keyLength];
            p.get(k);
            key = new String(k, StandardCharsets.UTF_8);
        }
        long ts = p.getLong();
        byte[] value = new byte[p.getInt()];
        p.get(value);
        return new ProducerRecord<>(new String(topic, StandardCharsets.UTF_8), null, ts, key, value);
    }
}
