package xyz.pura.providers.internal;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.time.Duration;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The upstream pool's cleanup runs about once a second, not once per call, and still evicts idle connections.
 * OkHttp's own task runner woke its coordinator thread for a cleanup after every call (about 4 % of the CPU).
 */
class IdlePoolCleanupTest {
    private HttpServer upstream;
    private String url;
    /** Released to let the held requests of a test answer. */
    private volatile CountDownLatch hold = new CountDownLatch(0);

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/", exchange -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        url = "http://127.0.0.1:" + upstream.getAddress().getPort() + "/";
    }

    @AfterEach
    void stop() {
        upstream.stop(0);
    }

    @Test
    void shouldLookForIdleConnectionsAboutOnceASecondNotOncePerCall() throws Exception {
        IdlePoolCleanup.LazyBackend backend = new IdlePoolCleanup.LazyBackend();
        OkHttpClient client = client(IdlePoolCleanup.pool(256, 5, TimeUnit.MINUTES, backend));

        long start = System.nanoTime();
        for (int i = 0; i < 300; i++) {
            call(client); // every call leaves its connection idle, which schedules a cleanup
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(client.connectionPool().connectionCount()).isEqualTo(1);
        // OkHttp's own backend woke the coordinator after each of the 300 calls
        assertThat(backend.waits.get()).isLessThanOrEqualTo((long) Math.ceil(seconds) + 3);
    }

    @Test
    void shouldStillEvictConnectionsPastTheirKeepAlive() throws Exception {
        OkHttpClient client = client(IdlePoolCleanup.pool(256, 200, TimeUnit.MILLISECONDS));
        call(client);
        assertThat(client.connectionPool().connectionCount()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(5)).until(() -> client.connectionPool().connectionCount() == 0);
    }

    @Test
    void shouldStillEvictIdleConnectionsPastTheIdleLimit() throws Exception {
        OkHttpClient client = client(IdlePoolCleanup.pool(1, 5, TimeUnit.MINUTES));
        hold = new CountDownLatch(1);
        List<Future<?>> calls = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 3; i++) {
                calls.add(threads.submit(() -> call(client)));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> client.connectionPool().connectionCount() == 3); // three calls, three connections
            hold.countDown();
            for (Future<?> f : calls) {
                f.get(5, TimeUnit.SECONDS);
            }
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> client.connectionPool().connectionCount() == 1);
        assertThat(client.connectionPool().idleConnectionCount()).isEqualTo(1);
    }

    private static OkHttpClient client(ConnectionPool pool) {
        return new OkHttpClient.Builder().connectionPool(pool).retryOnConnectionFailure(false).build();
    }

    private Void call(OkHttpClient client) throws IOException {
        try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            r.body().string();
        }
        return null;
    }
}
