package xyz.pura.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One segment file of the spool and its lifecycle: appends reserve their byte range in it, it is stale after
 * {@value #ROLL_BYTES} bytes or {@value #ROLL_NANOS} ns, it is sealed (no append starts after that), and it is
 * deleted once it is sealed and every entry in it is acknowledged. The counts live here, beside the file
 * they decide about, so that the lock-free append and the acknowledgements from Kafka's callbacks agree on
 * when the file may go.
 */
final class Segment {
    /** The spool's log category, as before the spool was split into several classes. */
    private static final Logger LOG = LoggerFactory.getLogger("xyz.pura.journal.Spool");
    static final long ROLL_BYTES = 8L * 1024 * 1024;
    static final long ROLL_NANOS = 1_000_000_000L;

    final Path path;
    /** null for a segment read back on recovery: nothing is written to it */
    final FileChannel channel;
    final long openedAt = System.nanoTime();
    /** the next free byte: appends reserve their range by adding to it */
    final AtomicLong reserved = new AtomicLong(SpoolCodec.HEADER.length);
    /** entries appended (or being appended) and not yet acknowledged */
    final AtomicInteger outstanding = new AtomicInteger();
    final AtomicBoolean deleted = new AtomicBoolean();
    /** the segment's fdatasyncs (with {@link Spool.Sync#GROUP}); null when there is no channel */
    final GroupCommit commit;
    volatile boolean sealed;
    /** the spool's count of segment files on disk */
    private final AtomicInteger liveSegments;

    Segment(Path path, FileChannel channel, AtomicInteger liveSegments) {
        this.path = path;
        this.channel = channel;
        this.commit = channel == null ? null : new GroupCommit(channel, deleted);
        this.liveSegments = liveSegments;
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
     * No append may start after this (one that raced it backs off, see {@link Spool#append}); the segment
     * goes once its last entry is acknowledged.
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
