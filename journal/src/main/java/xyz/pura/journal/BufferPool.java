package xyz.pura.journal;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The direct buffers the spool encodes its entries into, lent to one append at a time. A positional write
 * from a heap buffer copies it into a fresh direct buffer first; pooling direct buffers keeps an append from
 * allocating one per event. The pool holds at most {@value #MAX_POOLED} buffers.
 */
final class BufferPool {
    /** The size of a pooled buffer: an entry larger than that is encoded into a heap buffer of its own. */
    static final int BUFFER_SIZE = 16 * 1024;
    private static final int MAX_POOLED = 256;

    private final ConcurrentLinkedQueue<ByteBuffer> buffers = new ConcurrentLinkedQueue<>();
    /** buffers in the pool (ConcurrentLinkedQueue.size() walks the whole queue) */
    private final AtomicInteger pooled = new AtomicInteger();

    /** A cleared buffer of {@link #BUFFER_SIZE} bytes, from the pool when it has one. */
    ByteBuffer borrow() {
        ByteBuffer b = buffers.poll();
        if (b == null) {
            return ByteBuffer.allocateDirect(BUFFER_SIZE);
        }
        pooled.decrementAndGet();
        return b.clear();
    }

    /** Gives a borrowed buffer back (it is dropped when the pool is full). */
    void release(ByteBuffer b) {
        if (pooled.incrementAndGet() <= MAX_POOLED) {
            buffers.offer(b);
        } else {
            pooled.decrementAndGet();
        }
    }
}
