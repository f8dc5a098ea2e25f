package xyz.pura.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead journal of the events the gateway publishes: every event is appended here before it is
 * handed to the Kafka producer, so an answer never waits for the broker and an event survives a crash of
 * the process between the answer and Kafka's acknowledgement.
 *
 * <p>The journal is a directory of segment files. An append takes no lock: it reserves its byte range in the
 * open segment with one atomic add and writes its entry there with a positional write ({@code pwrite}, into
 * the page cache), so concurrent requests never queue behind each other's system call. A segment is sealed
 * after {@value Segment#ROLL_BYTES} bytes or a second, and deleted as soon as it is sealed and Kafka has
 * acknowledged every event in it. On start every segment left behind is read back and published again: an
 * event that had in fact reached Kafka is then sent twice, under its own event id, and consumers
 * de-duplicate by it (the ledger does).
 *
 * <p>{@link Sync#NONE} (the default) survives a crash or {@code kill -9} of the gateway, not of the machine:
 * the same as a Kafka broker acknowledging from its page cache, which is Kafka's default. {@link Sync#GROUP}
 * also survives power loss: {@link #force} makes the caller wait for an {@code fdatasync} that started after
 * its entry was written, shared by every caller waiting at the same time (group commit).
 *
 * <p>Segment format: the 8-byte header {@code PURASPL2}, then entries, each aligned to 8 bytes: int magic,
 * int payload length, int CRC32C of the payload, the payload (short topic length, topic (UTF-8), int key
 * length (-1: no key), key, long timestamp, int value length, value), zero padding. Because appends reserve
 * before they write, a crash can leave a hole (a range reserved and never written, read back as zeros) or a
 * torn entry anywhere among whole ones, not only at the end: the reader skips, 8 bytes at a time, whatever
 * is not a whole entry with a matching magic and CRC, and keeps reading. Segments of the first format (no
 * header; entries of length, CRC, payload, written under a lock) are still read on recovery.
 *
 * <p>This class is the coordinator: the append, the open segment and rolling, recovery. The parts it
 * coordinates are apart: the format ({@link SpoolCodec}, {@link FirstFormatReader}), the files
 * ({@link SegmentFiles}), one segment's lifecycle ({@link Segment}), group commit ({@link GroupCommit}) and
 * the encode buffers ({@link BufferPool}).
 */
public final class Spool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

    /** How far an append is made durable before the caller goes on. */
    public enum Sync {
        /** page cache: survives the process, not the machine */
        NONE,
        /** fdatasync shared by concurrent callers: survives power loss */
        GROUP;

        public static Sync parse(String s) {
            return s == null || s.isBlank() ? NONE : valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** An entry of the journal, to be acknowledged once Kafka has it. */
    public static final class Entry {
        private final ProducerRecord<String, byte[]> record;
        private final Segment segment;

        private Entry(ProducerRecord<String, byte[]> record, Segment segment) {
            this.record = record;
            this.segment = segment;
        }

        public ProducerRecord<String, byte[]> record() {
            return record;
        }

        /** Kafka has the event: once every entry of a sealed segment is acknowledged, the segment is deleted. */
        public void acknowledged() {
            segment.acknowledged();
        }
    }

    private final Path dir;
    private final Sync sync;
    private final AtomicInteger liveSegments = new AtomicInteger();
    /** Entries encode into pooled direct buffers: a heap buffer would be copied into a fresh direct one per write. */
    private final BufferPool buffers = new BufferPool();
    private volatile Segment open;
    private long nextSegment;

    public Spool(Path dir) {
        this(dir, Sync.NONE);
    }

    public Spool(Path dir, Sync sync) {
        this.dir = dir;
        this.sync = sync;
    }

    public Sync sync() {
        return sync;
    }

    /** The spool's directory. */
    public Path dir() {
        return dir;
    }

    /**
     * The entries a previous run left unacknowledged, in the order they were written. Their segments are
     * sealed: each is deleted once its entries are acknowledged again.
     */
    public synchronized List<Entry> recover() {
        List<Entry> out = new ArrayList<>();
        List<Path> files;
        try {
            files = SegmentFiles.list(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event spool " + dir, e);
        }
        for (Path file : files) {
            nextSegment = Math.max(nextSegment, SegmentFiles.sequenceOf(file) + 1);
            Segment segment = new Segment(file, null, liveSegments);
            List<ProducerRecord<String, byte[]>> records = SegmentFiles.read(file);
            segment.outstanding.set(records.size());
            for (ProducerRecord<String, byte[]> r : records) {
                out.add(new Entry(r, segment));
            }
            segment.seal();
        }
        if (!out.isEmpty()) {
            LOG.info("recovered {} events from the spool {}; they are published again", out.size(), dir);
        }
        return out;
    }

    /**
     * Appends the record to the open segment, without a lock: it reserves its range, then writes it.
     *
     * @return its entry, or null when the spool cannot be written (then the caller must not treat the event
     *         as durable before Kafka acknowledges it)
     */
    public Entry append(ProducerRecord<String, byte[]> record) {
        ByteBuffer pooled = buffers.borrow();
        ByteBuffer buf = SpoolCodec.encode(record, pooled);
        try {
            int length = buf.remaining();
            for (int attempt = 0; attempt < 100; attempt++) {
                Segment s = open;
                if (s == null || s.stale()) {
                    s = roll(s);
                }
                // counted before the seal check, so that a segment sealed meanwhile is never deleted under us
                s.outstanding.incrementAndGet();
                if (s.sealed) {
                    s.acknowledged();
                    continue;
                }
                long at = s.reserved.getAndAdd(length);
                try {
                    for (long p = at; buf.hasRemaining(); ) {
                        p += s.channel.write(buf, p);
                    }
                } catch (IOException | RuntimeException e) {
                    s.acknowledged();
                    throw e;
                }
                return new Entry(record, s);
            }
            throw new IOException("no spool segment took the entry");
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot write the event spool {}: {}", dir, e.toString());
            return null;
        } finally {
            buffers.release(pooled);
        }
    }

    /**
     * With {@link Sync#GROUP}, returns once an fdatasync that started after the entry was written has
     * completed; one caller syncs for everyone waiting behind it ({@link GroupCommit}). With
     * {@link Sync#NONE} it returns at once.
     */
    public void force(Entry e) throws IOException {
        if (sync == Sync.NONE || e.segment.channel == null) {
            return;
        }
        e.segment.commit.force();
    }

    /** Seals the open segment when it has been open for a while (so it can go once acknowledged). */
    public synchronized void rollIfIdle() {
        Segment s = open;
        if (s != null && System.nanoTime() - s.openedAt > Segment.ROLL_NANOS) {
            open = null;
            seal(s);
        }
    }

    /** Segment files on disk, the open one included. */
    public int segments() {
        return liveSegments.get();
    }

    /** A fresh open segment in place of {@code stale} (unless another caller already replaced it). */
    private synchronized Segment roll(Segment stale) throws IOException {
        Segment current = open;
        if (current != stale && current != null && !current.stale()) {
            return current;
        }
        if (current != null) {
            open = null;
            seal(current);
        }
        Files.createDirectories(dir);
        Path path = SegmentFiles.path(dir, nextSegment++);
        FileChannel ch = SegmentFiles.create(path);
        Segment s = new Segment(path, ch, liveSegments);
        open = s;
        return s;
    }

    /**
     * Seals a segment. With {@link Sync#GROUP} it is synced first: an append that reserved its range before
     * the seal and is still writing waits for its own sync in {@link #force}.
     */
    private void seal(Segment s) {
        s.sealed = true;
        if (sync == Sync.GROUP && s.channel != null) {
            try {
                s.commit.syncNow();
            } catch (IOException e) {
                LOG.warn("cannot sync the spool segment {}: {}", s.path, e.toString());
            }
        }
        s.seal();
    }

    @Override
    public synchronized void close() {
        Segment s = open;
        if (s != null) {
            open = null;
            seal(s);
        }
    }
}
