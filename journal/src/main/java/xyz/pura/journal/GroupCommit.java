package xyz.pura.journal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Group commit for one segment (with {@link Spool.Sync#GROUP}): a caller waits for an {@code fdatasync} that
 * started after its entry was written, and one caller syncs for everyone waiting at the same time, so that
 * concurrent requests share a sync instead of queueing for one each. It owns the sync counters and the
 * monitor they are guarded by; the segment owns the channel and whether it is deleted.
 */
final class GroupCommit {
    private final FileChannel channel;
    private final AtomicBoolean deleted;
    /** fdatasyncs started and completed on the segment (guarded by this) */
    private long syncsStarted;
    private long syncsCompleted;
    private boolean syncing;

    /** Syncs {@code channel}, unless {@code deleted} says its segment is gone (then nothing needs syncing). */
    GroupCommit(FileChannel channel, AtomicBoolean deleted) {
        this.channel = channel;
        this.deleted = deleted;
    }

    /** Returns once an fdatasync that started after this call has completed (the caller's entry is written). */
    void force() throws IOException {
        long needed;
        synchronized (this) {
            // the entry is written: the next sync to start covers it
            needed = syncsStarted + 1;
            while (syncsCompleted < needed) {
                if (!syncing) {
                    break;
                }
                waitOn(this);
            }
            if (syncsCompleted >= needed) {
                return;
            }
            syncing = true;
            needed = ++syncsStarted;
        }
        try {
            syncNow();
        } finally {
            synchronized (this) {
                syncing = false;
                syncsCompleted = needed;
                notifyAll();
            }
        }
    }

    /** An fdatasync now, outside the group (on sealing); nothing when the segment is deleted. */
    void syncNow() throws IOException {
        if (deleted.get()) {
            return;
        }
        try {
            channel.force(false);
        } catch (ClosedChannelException closed) {
            // deleted meanwhile: everything in it was acknowledged by Kafka
        }
    }

    private static void waitOn(Object monitor) throws IOException {
        try {
            monitor.wait();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the spool's fdatasync");
        }
    }
}
