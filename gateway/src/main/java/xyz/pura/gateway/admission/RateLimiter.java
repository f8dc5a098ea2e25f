package xyz.pura.gateway.admission;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;

/**
 * A token bucket per caller (a key id, or a client address): {@code perMinute} requests a minute, in
 * bursts of up to {@code perMinute}. Refused requests get 429 with {@code Retry-After}. 0 turns it off.
 * The table is bounded ({@link #MAX_CALLERS}): past the bound, callers idle long enough to have a full bucket again
 * are dropped (forgetting them changes nothing), then, if a flood of distinct callers keeps it full, arbitrary ones
 * (each of which then starts from a full bucket, as a new caller would).
 */
public final class RateLimiter {
    private final long perMinute;
    private final String what;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    /** The most callers tracked at once. */
    public static final int MAX_CALLERS = 100_000;

    private static final class Bucket {
        private double tokens;
        private long lastNanos;
    }

    /** @param what what is limited, for the error message ("requests per key", "keys per client address") */
    public RateLimiter(long perMinute, String what, Clock clock) {
        this.perMinute = perMinute;
        this.what = what;
        this.clock = clock;
    }

    public void acquire(String caller) {
        if (perMinute <= 0) {
            return;
        }
        if (buckets.size() >= MAX_CALLERS && !buckets.containsKey(caller)) {
            evict();
        }
        Bucket b = buckets.computeIfAbsent(caller, c -> {
            Bucket fresh = new Bucket();
            fresh.tokens = perMinute;
            fresh.lastNanos = nanos();
            return fresh;
        });
        long waitSeconds;
        synchronized (b) {
            long now = nanos();
            b.tokens = Math.min(perMinute, b.tokens + (now - b.lastNanos) * (perMinute / 60e9));
            b.lastNanos = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return;
            }
            waitSeconds = (long) Math.ceil((1 - b.tokens) / (perMinute / 60.0));
        }
        throw new Refused(new Refusal.RateLimited("rate_limit_exceeded", "Rate limit of " + perMinute + " " + what
                + " a minute reached; retry after " + waitSeconds + " s.", Map.of("Retry-After", Long.toString(Math.max(1, waitSeconds)))));
    }

    /** Drops callers whose bucket has refilled (idle a minute), then arbitrary ones down to 90 % of the bound. */
    private synchronized void evict() {
        long now = nanos();
        buckets.values().removeIf(b -> {
            synchronized (b) {
                return now - b.lastNanos >= 60_000_000_000L;
            }
        });
        var it = buckets.keySet().iterator();
        while (buckets.size() > MAX_CALLERS * 9 / 10 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /** How many callers are tracked. */
    public int size() {
        return buckets.size();
    }

    private long nanos() {
        return clock.millis() * 1_000_000L;
    }
}
