package xyz.pura.status.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import xyz.pura.status.LatencyBuckets;
import xyz.pura.status.StatusReport.Bucket;
import xyz.pura.status.StatusReport.LatencyPoint;

/**
 * A ring of fixed time slots (wall-clock aligned), each counting requests, failures and latencies. A slot
 * is reused, and its old counts dropped, when time comes round to it again. Thread-safe.
 */
public final class SlotRing {
    private final long slotMs;
    private final Slot[] slots;

    public SlotRing(Duration slot, int count) {
        if (slot.toMillis() <= 0 || count <= 0) {
            throw new IllegalArgumentException("slot length and count must be positive");
        }
        this.slotMs = slot.toMillis();
        this.slots = new Slot[count];
        for (int i = 0; i < count; i++) {
            slots[i] = new Slot();
        }
    }

    /** The span that the ring remembers. */
    public Duration span() {
        return Duration.ofMillis(slotMs * slots.length);
    }

    /** Counts one observation at {@code nowMs}. */
    public synchronized void add(long nowMs, boolean ok, long latencyMs) {
        long start = startOf(nowMs);
        Slot slot = slots[indexOf(start)];
        if (slot.start != start) {
            slot.reset(start);
        }
        slot.requests++;
        slot.failures += ok ? 0 : 1;
        slot.latencySumMs += Math.max(0, latencyMs);
        slot.latencies.record(latencyMs);
    }

    /** Sums the slots that start within {@code (nowMs - window, nowMs]}. */
    public synchronized Bucket sum(long nowMs, Duration window) {
        long from = nowMs - window.toMillis();
        Slot total = new Slot();
        for (Slot slot : slots) {
            if (slot.start > from && slot.start <= nowMs) {
                total.addAll(slot);
            }
        }
        return total.bucket(window.toSeconds());
    }

    /** One point per slot, oldest first, ending with the slot of {@code nowMs}; empty slots included. */
    public synchronized List<LatencyPoint> series(long nowMs) {
        List<LatencyPoint> out = new ArrayList<>(slots.length);
        long last = startOf(nowMs);
        for (int back = slots.length - 1; back >= 0; back--) {
            long start = last - back * slotMs;
            Slot slot = slots[indexOf(start)];
            Bucket b = slot.start == start ? slot.bucket(slotMs / 1000) : Bucket.empty(slotMs / 1000);
            out.add(new LatencyPoint(Instant.ofEpochMilli(start), b.requests(), b.failures(), b.avgLatencyMs(),
                    b.p95LatencyMs()));
        }
        return out;
    }

    private long startOf(long ms) {
        return ms - Math.floorMod(ms, slotMs);
    }

    private int indexOf(long start) {
        return (int) Math.floorMod(start / slotMs, (long) slots.length);
    }

    private static final class Slot {
        long start = Long.MIN_VALUE;
        long requests;
        long failures;
        long latencySumMs;
        final LatencyBuckets latencies = new LatencyBuckets();

        void reset(long newStart) {
            start = newStart;
            requests = 0;
            failures = 0;
            latencySumMs = 0;
            latencies.clear();
        }

        void addAll(Slot other) {
            requests += other.requests;
            failures += other.failures;
            latencySumMs += other.latencySumMs;
            latencies.addAll(other.latencies);
        }

        Bucket bucket(long seconds) {
            if (requests == 0) {
                return Bucket.empty(seconds);
            }
            long n = latencies.count();
            Long avg = n == 0 ? null : Math.floorDiv(2 * latencySumMs + n, 2 * n);
            return new Bucket(seconds, requests, failures, (double) (requests - failures) / requests, avg,
                    latencies.percentile(95));
        }
    }
}
