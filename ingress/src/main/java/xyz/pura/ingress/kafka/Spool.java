package xyz.pura.ingress.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead journal of the events the gateway publishes: every event is appended here before it is
 * handed to the Kafka producer, so an answer never waits for the broker and an event survives a crash of
 * the process between the answer and Kafka's acknowledgement.
 *
 * <p>The journal is a directory of segment files. Appends go to the open segment (one {@code write} into the
 * page cache, a few microseconds); a segment is sealed after {@value #ROLL_BYTES} bytes or a second, and
 * deleted as soon as it is sealed and Kafka has acknowledged every event in it. On start every segment
 * left behind is read back and published again: an event that had in fact reached Kafka is then sent twice,
 * under its own event id, and consumers de-duplicate by it (the ledger does).
 *
 * <p>{@link Sync#NONE} (the default) survives a crash or {@code kill -9} of the gateway, not of the machine:
 * the same as a Kafka broker acknowledging from its page cache, which is Kafka's default. {@link Sync#GROUP}
 * also survives power loss: {@link #force} makes the caller wait for an {@code fdatasync} that covers its
 * entry, shared by every caller waiting at the same time (group commit).
 *
 * <p>Entry format: int payload length, int CRC32C of the payload, then the payload: short topic length,
 * topic (UTF-8), int key length (-1: no key), key, long timestamp, int value length, value. A torn entry at
 * the end of a segment (the process died mid-write) fails its length or CRC check and is skipped.
 */
public final class Spool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    static final long ROLL_BYTES = 8L * 1024 * 1024;
    private static final long ROLL_NANOS = 1_000_000_000L;
    private static final int MAX_ENTRY = 64 * 1024 * 1024;
    private static final String PREFIX = "events-";
    private static final String SUFFIX = ".spool";

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
        private final long end;

        private Entry(ProducerRecord<String, byte[]> record, Segment segment, long end) {
            this.record = record;
            this.segment = segment;
            this.end = end;
        }

        public ProducerRecord<String, byte[]> record() {
            return record;
        }

        /** Kafka has the event: once every entry of a sealed segment is acknowledged, the segment is deleted. */
        public void acknowledged() {
            segment.acknowledged();
        }
    }

    private final class Segment {
        final Path path;
        final FileChannel channel;
        final long openedAt = System.nanoTime();
        final AtomicInteger outstanding = new AtomicInteger();
        final AtomicBoolean deleted = new AtomicBoolean();
        volatile boolean sealed;
        volatile long written;
        volatile long synced;

        Segment(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
            liveSegments.incrementAndGet();
        }

        void acknowledged() {
            if (outstanding.decrementAndGet() == 0 && sealed) {
                delete();
            }
        }

        void seal() {
            sealed = true;
            if (outstanding.get() == 0) {
                delete();
            }
        }

        void delete() {
            if (!deleted.compareAndSet(false, true)) {
                return;
            }
            liveSegments.decrementAndGet();
            try {
                if (channel != null) {
                    channel.close();
                }
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warn("cannot delete the acknowledged spool segment {}: {}", path, e.toString());
            }
        }
    }

    private final Path dir;
    private final Sync sync;
    private final Object syncLock = new Object();
    private final AtomicInteger liveSegments = new AtomicInteger();
    private Segment open;
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

    /**
     * The entries a previous run left unacknowledged, in the order they were written. Their segments are
     * sealed: each is deleted once its entries are acknowledged again.
     */
    public synchronized List<Entry> recover() {
        List<Entry> out = new ArrayList<>();
        List<Path> files;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && p.getFileName().toString().endsWith(SUFFIX))
                        .sorted().toList();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the event spool " + dir, e);
        }
        for (Path file : files) {
            nextSegment = Math.max(nextSegment, sequenceOf(file) + 1);
            Segment segment = new Segment(file, null);
            List<ProducerRecord<String, byte[]>> records = read(file);
            segment.outstanding.set(records.size());
            for (ProducerRecord<String, byte[]> r : records) {
                out.add(new Entry(r, segment, 0));
            }
            segment.seal();
        }
        if (!out.isEmpty()) {
            LOG.info("recovered {} events from the spool {}; they are published again", out.size(), dir);
        }
        return out;
    }

    /**
     * Appends the record to the open segment.
     *
     * @return its entry, or null when the spool cannot be written (then the caller must not treat the event
     *         as durable before Kafka acknowledges it)
     */
    public Entry append(ProducerRecord<String, byte[]> record) {
        ByteBuffer buf = encode(record);
        synchronized (this) {
            try {
                Segment s = open;
                if (s == null || s.written >= ROLL_BYTES || System.nanoTime() - s.openedAt > ROLL_NANOS) {
                    s = roll();
                }
                int n = buf.remaining();
                while (buf.hasRemaining()) {
                    s.channel.write(buf);
                }
                s.outstanding.incrementAndGet();
                s.written += n;
                return new Entry(record, s, s.written);
            } catch (IOException | RuntimeException e) {
                LOG.error("cannot write the event spool {}: {}", dir, e.toString());
                return null;
            }
        }
    }

    /**
     * With {@link Sync#GROUP}, returns once an fdatasync covering the entry has completed; one caller syncs
     * for everyone waiting behind it. With {@link Sync#NONE} it returns at once.
     */
    public void force(Entry e) throws IOException {
        if (sync == Sync.NONE || e.segment.synced >= e.end || e.segment.channel == null) {
            return;
        }
        synchronized (syncLock) {
            if (e.segment.synced < e.end) {
                syncLocked(e.segment);
            }
        }
    }

    /** fdatasync of everything written to the segment so far; the caller holds {@code syncLock}. */
    private void syncLocked(Segment s) throws IOException {
        long upTo = s.written;
        if (!s.deleted.get()) {
            try {
                s.channel.force(false);
            } catch (java.nio.channels.ClosedChannelException closed) {
                // deleted meanwhile: everything in it was acknowledged by Kafka
            }
        }
        s.synced = upTo;
    }

    /** Seals the open segment when it has been open for a while (so it can go once acknowledged). */
    public synchronized void rollIfIdle() {
        if (open != null && System.nanoTime() - open.openedAt > ROLL_NANOS) {
            seal(open);
            open = null;
        }
    }

    /** Segment files on disk, the open one included. */
    public int segments() {
        return liveSegments.get();
    }

    private Segment roll() throws IOException {
        if (open != null) {
            seal(open);
        }
        Files.createDirectories(dir);
        Path path = dir.resolve(String.format(Locale.ROOT, "%s%016d%s", PREFIX, nextSegment++, SUFFIX));
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        open = new Segment(path, ch);
        return open;
    }

    private void seal(Segment s) {
        if (sync == Sync.GROUP) {
            synchronized (syncLock) {
                try {
                    syncLocked(s);
                } catch (IOException e) {
                    LOG.warn("cannot sync the spool segment {}: {}", s.path, e.toString());
                }
            }
        }
        s.seal();
    }

    @Override
    public synchronized void close() {
        if (open != null) {
            seal(open);
            open = null;
        }
    }

    static ByteBuffer encode(ProducerRecord<String, byte[]> r) {
        byte[] topic = r.topic().getBytes(StandardCharsets.UTF_8);
        byte[] key = r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = r.value() == null ? new byte[0] : r.value();
        int payload = 2 + topic.length + 4 + (key == null ? 0 : key.length) + 8 + 4 + value.length;
        ByteBuffer buf = ByteBuffer.allocate(8 + payload);
        buf.putInt(payload).putInt(0);
        buf.putShort((short) topic.length).put(topic);
        if (key == null) {
            buf.putInt(-1);
        } else {
            buf.putInt(key.length).put(key);
        }
        buf.putLong(r.timestamp() == null ? System.currentTimeMillis() : r.timestamp());
        buf.putInt(value.length).put(value);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 8, payload);
        buf.putInt(4, (int) crc.getValue());
        return buf.flip();
    }

    static List<ProducerRecord<String, byte[]>> read(Path file) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        ByteBuffer all;
        try {
            all = ByteBuffer.wrap(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the spool segment " + file, e);
        }
        while (all.remaining() >= 8) {
            int start = all.position();
            int payload = all.getInt();
            int crcValue = all.getInt();
            if (payload < 18 || payload > MAX_ENTRY || payload > all.remaining()) {
                LOG.warn("a torn entry at byte {} of {}: the rest of the segment is skipped", start, file);
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(all.array(), all.position(), payload);
            if ((int) crc.getValue() != crcValue) {
                LOG.warn("a corrupt entry at byte {} of {}: the rest of the segment is skipped", start, file);
                break;
            }
            byte[] topic = new byte[all.getShort()];
            all.get(topic);
            int keyLength = all.getInt();
            String key = null;
            if (keyLength >= 0) {
                byte[] k = new byte[keyLength];
                all.get(k);
                key = new String(k, StandardCharsets.UTF_8);
            }
            long ts = all.getLong();
            byte[] value = new byte[all.getInt()];
            all.get(value);
            out.add(new ProducerRecord<>(new String(topic, StandardCharsets.UTF_8), null, ts, key, value));
        }
        return out;
    }

    private static long sequenceOf(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
