package xyz.pura.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/** Jetty's own work runs on platform threads, each request's blocking handling on a virtual thread. */
class IngressServerTest {

    @Test
    void shouldRunJettysOwnTasksOnPlatformThreadsAndRequestsOnVirtualThreads() throws Exception {
        QueuedThreadPool pool = IngressServer.threadPool();
        pool.start();
        try {
            CompletableFuture<Boolean> jetty = new CompletableFuture<>();
            pool.execute(() -> jetty.complete(Thread.currentThread().isVirtual()));
            CompletableFuture<Boolean> request = new CompletableFuture<>();
            VirtualThreads.getVirtualThreadsExecutor(pool).execute(() -> request.complete(Thread.currentThread().isVirtual()));

            assertThat(jetty.get(5, TimeUnit.SECONDS)).isFalse();
            assertThat(request.get(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.stop();
        }
    }
}
