package xyz.pura.journal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads segments of the spool's first format (no file header; entries of int payload length, int CRC32C,
 * payload, back to back, written under a lock), which a gateway of an older version may have left behind.
 * Nothing writes this format any more: it lives apart from {@link SpoolCodec} so that it can be deleted
 * whole once no such segment can remain.
 */
final class FirstFormatReader {
    /** The spool's log category, as before the spool was split into several classes. */
    private static final Logger LOG = LoggerFactory.getLogger("xyz.pura.journal.Spool");

    private FirstFormatReader() {
    }

    /** The entries back to back, read up to the first torn or corrupt one. */
    static List<ProducerRecord<String, byte[]>> read(ByteBuffer all, Path file) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        while (all.remaining() >= 8) {
            int start = all.position();
            int payload = all.getInt();
            int crcValue = all.getInt();
            if (payload < SpoolCodec.MIN_PAYLOAD || payload > SpoolCodec.MAX_ENTRY || payload > all.remaining()) {
                LOG.warn("a torn entry at byte {} of {}: the rest of the segment is skipped", start, file);
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(all.slice(all.position(), payload));
            if ((int) crc.getValue() != crcValue) {
                LOG.warn("a corrupt entry at byte {} of {}: the rest of the segment is skipped", start, file);
                break;
            }
            out.add(SpoolCodec.decode(all.slice(all.position(), payload)));
            all.position(all.position() + payload);
        }
        return out;
    }
}
