package xyz.pura.simulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The prompt caches of the simulated providers: prompt prefixes seen recently, per provider and model, and what a
 * new prompt reads from them or writes to them, counted in the simulator's tokens (4 characters each).
 * <ul>
 *   <li>{@link #automatic}: OpenAI's prefix caching (prompts of 1,024 tokens or more, cache hits in 128-token
 *       steps, kept about 5 minutes) and Gemini's implicit caching, both without any request field;</li>
 *   <li>{@link #explicit}: Anthropic's {@code cache_control} breakpoints, each a prefix that is read when it was
 *       written before and written (5 minutes, or 1 hour with {@code ttl: "1h"}) when not.</li>
 * </ul>
 * Bounded (least recently used prefixes are forgotten first). Thread-safe.
 */
final class PromptCache {
    static final Duration SHORT = Duration.ofMinutes(5);
    static final Duration LONG = Duration.ofHours(1);
    private static final int MAX_PREFIXES = 50_000;
    private static final int CHARS_PER_TOKEN = 4;

    private final LongSupplier nanoClock;
    private final Map<String, Long> expiries = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_PREFIXES;
        }
    };

    PromptCache() {
        this(System::nanoTime);
    }

    PromptCache(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    static int tokens(int chars) {
        return chars / CHARS_PER_TOKEN;
    }

    /**
     * Automatic prefix caching: the tokens of the longest prefix of {@code prompt} (of {@code minTokens} plus a
     * multiple of {@code step}) that an earlier prompt in {@code scope} had, 0 when none; then remembers every such
     * prefix of this prompt for {@link #SHORT}.
     */
    synchronized int automatic(String scope, String prompt, int minTokens, int step) {
        long now = nanoClock.getAsLong();
        int total = tokens(prompt.length());
        int read = 0;
        long hash = FNV_OFFSET;
        int hashed = 0;
        for (int t = minTokens; t <= total; t += step) {
            hash = extend(hash, prompt, hashed, t * CHARS_PER_TOKEN);
            hashed = t * CHARS_PER_TOKEN;
            String key = scope + '|' + t + '|' + hash;
            Long expiry = expiries.get(key);
            if (expiry != null && expiry - now > 0) {
                read = t;
            }
            expiries.put(key, now + SHORT.toNanos());
        }
        return read;
    }

    /** An Anthropic breakpoint: the prompt up to {@code endChar} is cached for {@code ttl}. */
    record Breakpoint(int endChar, Duration ttl) {
    }

    /** What a prompt read from and wrote to the cache, in tokens. */
    record Use(int read, int written5m, int written1h) {
        static final Use NONE = new Use(0, 0, 0);
    }

    /**
     * Anthropic's explicit caching: the longest breakpoint prefix (of at least {@code minTokens}) found in the cache
     * is read (and its lifetime renewed); each later breakpoint of at least {@code minTokens} writes the tokens
     * between it and the previous cached point, with its own TTL. Shorter prefixes are not cached, silently, as
     * Anthropic does.
     */
    synchronized Use explicit(String scope, String prompt, List<Breakpoint> breakpoints, int minTokens) {
        if (breakpoints.isEmpty()) {
            return Use.NONE;
        }
        long now = nanoClock.getAsLong();
        String[] keys = new String[breakpoints.size()];
        long hash = FNV_OFFSET;
        int hashed = 0;
        int readIndex = -1;
        for (int i = 0; i < breakpoints.size(); i++) {
            int end = Math.min(prompt.length(), breakpoints.get(i).endChar());
            if (end > hashed) {
                hash = extend(hash, prompt, hashed, end);
                hashed = end;
            }
            keys[i] = scope + '|' + end + '|' + hash;
            Long expiry = expiries.get(keys[i]);
            if (tokens(end) >= minTokens && expiry != null && expiry - now > 0) {
                readIndex = i;
            }
        }
        int read = 0;
        if (readIndex >= 0) {
            read = tokens(Math.min(prompt.length(), breakpoints.get(readIndex).endChar()));
            expiries.put(keys[readIndex], now + breakpoints.get(readIndex).ttl().toNanos());
        }
        int covered = read;
        int written5m = 0;
        int written1h = 0;
        for (int i = readIndex + 1; i < breakpoints.size(); i++) {
            int upTo = tokens(Math.min(prompt.length(), breakpoints.get(i).endChar()));
            if (upTo < minTokens || upTo <= covered) {
                continue;
            }
            Duration ttl = breakpoints.get(i).ttl();
            if (ttl.equals(LONG)) {
                written1h += upTo - covered;
            } else {
                written5m += upTo - covered;
            }
            covered = upTo;
            expiries.put(keys[i], now + ttl.toNanos());
        }
        return new Use(read, written5m, written1h);
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** FNV-1a over the characters {@code [from, to)}, continuing {@code hash}. */
    private static long extend(long hash, String s, int from, int to) {
        long h = hash;
        for (int i = from; i < to; i++) {
            h ^= s.charAt(i);
            h *= FNV_PRIME;
        }
        return h;
    }
}
