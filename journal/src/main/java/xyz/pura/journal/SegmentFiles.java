package xyz.pura.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The segment files in the spool's directory: their names ({@code events-<sequence>.spool}, so that sorting
 * by name is sorting by age), listing them, creating a new one with the format's header, and reading one
 * back in whichever format it was written. It keeps the file system out of {@link Spool}'s append path and
 * out of {@link Segment}'s counting.
 */
final class SegmentFiles {
    private static final String PREFIX = "events-";
    private static final String SUFFIX = ".spool";

    private SegmentFiles() {
    }

    /** The segment files in {@code dir} (created when missing), oldest first. */
    static List<Path> list(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && p.getFileName().toString().endsWith(SUFFIX))
                    .sorted().toList();
        }
    }

    /** The file of the segment numbered {@code sequence}. */
    static Path path(Path dir, long sequence) {
        return dir.resolve(String.format(Locale.ROOT, "%s%016d%s", PREFIX, sequence, SUFFIX));
    }

    /** The number of a segment file (0 when its name holds none). */
    static long sequenceOf(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A new segment file (it must not exist) holding the header, open for positional writes. */
    static FileChannel create(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ByteBuffer header = ByteBuffer.wrap(SpoolCodec.HEADER);
        while (header.hasRemaining()) {
            ch.write(header, header.position());
        }
        return ch;
    }

    /** Every whole entry of a segment file, of the current format or the first. */
    static List<ProducerRecord<String, byte[]>> read(Path file) {
        ByteBuffer all;
        try {
            all = ByteBuffer.wrap(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spool segment " + file, e);
        }
        if (SpoolCodec.hasHeader(all)) {
            return SpoolCodec.readEntries(all, file);
        }
        return FirstFormatReader.read(all, file);
    }
}
