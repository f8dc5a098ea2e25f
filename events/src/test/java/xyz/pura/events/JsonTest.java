package xyz.pura.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The shared mapper reuses its parser and generator buffers across threads. Requests run on virtual threads,
 * each new and short-lived, so Jackson's default thread-local pool gave every request fresh buffers.
 */
class JsonTest {
    @Test
    void shouldHandBuffersReleasedOnOneVirtualThreadToTheNext() throws Exception {
        RecyclerPool<BufferRecycler> pool = Json.mapper().getFactory()._getRecyclerPool();
        int pooledBefore = Math.max(1, pool.pooledCount());
        java.util.Set<BufferRecycler> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        for (int i = 0; i < 10; i++) { // one request after another, each on its own virtual thread
            Thread.ofVirtual().start(() -> {
                BufferRecycler r = pool.acquireAndLinkPooled();
                synchronized (seen) {
                    seen.add(r);
                }
                r.releaseToPool();
            }).join();
        }

        assertThat(seen).as("buffer sets used by 10 sequential virtual threads").hasSizeLessThanOrEqualTo(pooledBefore);
    }

    @Test
    void shouldKeepABoundedNumberOfBufferSetsAfterABurst() throws Exception {
        RecyclerPool<BufferRecycler> pool = Json.mapper().getFactory()._getRecyclerPool();
        java.util.List<BufferRecycler> held = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) { // 500 parsers waiting on their upstreams at once
            held.add(pool.acquireAndLinkPooled());
        }
        held.forEach(BufferRecycler::releaseToPool);

        assertThat(pool.pooledCount()).isBetween(1, 64);
    }

    @Test
    void shouldStillSerialiseFromManyThreadsAtOnce() throws Exception {
        Thread[] threads = new Thread[32];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < threads.length; i++) {
            int n = i;
            threads[i] = Thread.ofVirtual().start(() -> {
                try {
                    for (int j = 0; j < 200; j++) {
                        String json = new String(Json.bytes(java.util.Map.of("n", n, "j", j)), java.nio.charset.StandardCharsets.UTF_8);
                        assertThat(Json.mapper().readTree(json).path("n").asInt()).isEqualTo(n);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failure.get()).isNull();
    }

    @Test
    @org.junit.jupiter.api.Timeout(5)
    void shouldRefuseANumberWithAHugeExponentWhileReadingTheTree() {
        for (String json : new String[]{"{\"dailyBudgetUsd\": 1e50000000}", "[1e-50000000]", "{\"a\":{\"b\":[-2E+1001]}}", "{\"seed\": 9e9999999999999999999}"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.mapper().readTree(json))
                    .isInstanceOf(com.fasterxml.jackson.core.exc.StreamConstraintsException.class)
                    .hasMessageContaining("exponent");
        }
    }

    @Test
    void shouldStillReadOrdinaryNumbersExactly() throws Exception {
        assertThat(Json.mapper().readTree("{\"t\": 0.7, \"big\": 1.5e300, \"tiny\": 4.9e-324, \"zero\": 0e99999999}")
                .get("t").decimalValue()).isEqualByComparingTo("0.7");
        assertThat(Json.mapper().readTree("[1.5e300]").get(0).decimalValue()).isEqualByComparingTo("1.5e300");
    }

    @Test
    void shouldKeepTheNestingLimitThroughTheGuardedFactory() {
        String deep = "[".repeat(Json.MAX_NESTING_DEPTH + 1) + "]".repeat(Json.MAX_NESTING_DEPTH + 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.mapper().readTree(deep))
                .isInstanceOf(com.fasterxml.jackson.core.exc.StreamConstraintsException.class).hasMessageContaining("depth");
    }
}
