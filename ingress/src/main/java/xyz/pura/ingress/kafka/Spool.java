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
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>The journal is a directory of segment files. An append takes no lock: it reserves its byte range in the
 * open segment with one atomic add and writes its entry there with a positional write ({@code pwrite}, into
 * the page cache), so concurrent requests never queue behind each other's system call. A segment is sealed
 * after {@value #ROLL_BYTES} bytes or a second, and deleted as soon as it is sealed and Kafka has
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
 */
public final class Spool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    static final long ROLL_BYTES = 8L * 1024 * 1024;
    private static final long ROLL_NANOS = 1_000_000_000L;
    private static final int MAX_ENTRY = 64 * 1024 * 1024;
    private static final String PREFIX = "events-";
    private static final String SUFFIX = ".spool";
    private static final byte[] HEADER = "PURASPL2".getBytes(StandardCharsets.US_ASCII);
    private static final int MAGIC = 0x50455654; // "PEVT"
    private static final int ENTRY_HEADER = 12;
    /** Entries encode into pooled direct buffers: a heap buffer would be copied into a fresh direct one per write. */
    private static final int POOLED_BUFFER = 16 * 1024;

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

    private final class Segment {
        final Path path;
        final FileChannel channel;
        final long openedAt = System.nanoTime();
        /** the next free byte: appends reserve their range by adding to it */
        final AtomicLong reserved = new AtomicLong(HEADER.length);
        /** entries appended (or being appended) and not yet acknowledged */
        final AtomicInteger outstanding = new AtomicInteger();
        final AtomicBoolean deleted = new AtomicBoolean();
        volatile boolean sealed;
        /** group commit: fdatasyncs started and completed on this segment (guarded by the segment) */
        long syncsStarted;
        long syncsCompleted;
        boolean syncing;

        Segment(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
            liveSegments.incrementAndGet();
        }

        boolean stale() {
            return sealed || reserved.get() >= ROLL_BYTES || System.nanoTime() - openedAt > ROLL_NANOS;
        }

        void acknowledged() {
            if (outstanding.decrementAndGet() == 0 && sealed) {
                delete();
            }
        }

        /**
         * No append may start after this (one that raced it backs off, see {@link #append}); the segment goes
         * once its last entry is acknowledged.
         */
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
    private final AtomicInteger liveSegments = new AtomicInteger();
    private final java.util.concurrent.ConcurrentLinkedQueue<ByteBuffer> buffers = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** buffers in the pool (ConcurrentLinkedQueue.size() walks the whole queue) */
    private final AtomicInteger pooled = new AtomicInteger();
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
        ByteBuffer pooled = borrow();
        ByteBuffer buf = encode(record, pooled);
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
            release(pooled);
        }
    }

    /**
     * With {@link Sync#GROUP}, returns once an fdatasync that started after the entry was written has
     * completed; one caller syncs for everyone waiting behind it. With {@link Sync#NONE} it returns at once.
     */
    public void force(Entry e) throws IOException {
        if (sync == Sync.NONE || e.segment.channel == null) {
            return;
        }
        Segment s = e.segment;
        long needed;
        synchronized (s) {
            // the entry is written: the next sync to start covers it
            needed = s.syncsStarted + 1;
            while (s.syncsCompleted < needed) {
                if (!s.syncing) {
                    break;
                }
                waitOn(s);
            }
            if (s.syncsCompleted >= needed) {
                return;
            }
            s.syncing = true;
            needed = ++s.syncsStarted;
        }
        try {
            syncNow(s);
        } finally {
            synchronized (s) {
                s.syncing = false;
                s.syncsCompleted = needed;
                s.notifyAll();
            }
        }
    }

    private static void waitOn(Object monitor) throws IOException {
        try {
            monitor.wait();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the spool's fdatasync");
        }
    }

    private static void syncNow(Segment s) throws IOException {
        if (s.deleted.get()) {
            return;
        }
        try {
            s.channel.force(false);
        } catch (java.nio.channels.ClosedChannelException closed) {
            // deleted meanwhile: everything in it was acknowledged by Kafka
        }
    }

    /** Seals the open segment when it has been open for a while (so it can go once acknowledged). */
    public synchronized void rollIfIdle() {
        Segment s = open;
        if (s != null && System.nanoTime() - s.openedAt > ROLL_NANOS) {
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
        Path path = dir.resolve(String.format(Locale.ROOT, "%s%016d%s", PREFIX, nextSegment++, SUFFIX));
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ByteBuffer header = ByteBuffer.wrap(HEADER);
        while (header.hasRemaining()) {
            ch.write(header, header.position());
        }
        Segment s = new Segment(path, ch);
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
                syncNow(s);
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

    private ByteBuffer borrow() {
        ByteBuffer b = buffers.poll();
        if (b == null) {
            return ByteBuffer.allocateDirect(POOLED_BUFFER);
        }
        pooled.decrementAndGet();
        return b.clear();
    }

    private void release(ByteBuffer b) {
        if (pooled.incrementAndGet() <= 256) {
            buffers.offer(b);
        } else {
            pooled.decrementAndGet();
        }
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

    static List<ProducerRecord<String, byte[]>> read(Path file) {
        ByteBuffer all;
        try {
            all = ByteBuffer.wrap(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the spool segment " + file, e);
        }
        if (all.remaining() >= HEADER.length && all.slice(0, HEADER.length).equals(ByteBuffer.wrap(HEADER))) {
            return readEntries(all, file);
        }
        return readFirstFormat(all, file);
    }

    /** Whole entries wherever they are; anything else (a hole, a torn or corrupt entry) is skipped. */
    private static List<ProducerRecord<String, byte[]>> readEntries(ByteBuffer all, Path file) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        int skipped = 0;
        int pos = HEADER.length;
        while (pos + ENTRY_HEADER <= all.limit()) {
            int payload = all.getInt(pos + 4);
            if (all.getInt(pos) == MAGIC && payload >= 18 && payload <= MAX_ENTRY && payload <= all.limit() - pos - ENTRY_HEADER) {
                CRC32C crc = new CRC32C();
                crc.update(all.slice(pos + ENTRY_HEADER, payload));
                if ((int) crc.getValue() == all.getInt(pos + 8)) {
                    out.add(payload(all.slice(pos + ENTRY_HEADER, payload)));
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

    /** The first format: entries back to back, read up to the first torn or corrupt one. */
    private static List<ProducerRecord<String, byte[]>> readFirstFormat(ByteBuffer all, Path file) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        while (all.remaining() >= 8) {
            int start = all.position();
            int payload = all.getInt();
            int crcValue = all.getInt();
            if (payload < 18 || payload > MAX_ENTRY || payload > all.remaining()) {
                LOG.warn("a torn entry at byte {} of {}: the rest of the segment is skipped", start, file);
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(all.slice(all.position(), payload));
            if ((int) crc.getValue() != crcValue) {
                LOG.warn("a corrupt entry at byte {} of {}: the rest of the segment is skipped", start, file);
                break;
            }
            out.add(payload(all.slice(all.position(), payload)));
            all.position(all.position() + payload);
        }
        return out;
    }

    private static ProducerRecord<String, byte[]> payload(ByteBuffer p) {
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

    private static long sequenceOf(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
