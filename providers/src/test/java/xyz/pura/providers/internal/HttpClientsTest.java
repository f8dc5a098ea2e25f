package xyz.pura.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;
import xyz.pura.providers.ProviderConfig;

/**
 * Upstream connections are opened on the calling (virtual) thread. OkHttp 5's fast fallback opened each one
 * on a platform thread of its TaskRunner instead: a burst of 1,000 new streams started about 200 of them.
 */
class HttpClientsTest {
    private LocalUpstream upstream;
    private String base;

    @BeforeEach
    void start() {
        upstream = LocalUpstream.start(Map.of("/", LocalUpstream.emptyJson()));
        base = upstream.base();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void shouldConnectOnTheCallersThreadForCallsAndStreams() throws Exception {
        ProviderConfig config = new ProviderConfig(ProviderId.OPENAI, base + "/v1", "sk", Duration.ofSeconds(2), Duration.ofSeconds(2));
        for (OkHttpClient shared : List.of(HttpClients.forProvider(config).client())) {
            List<Thread> connectors = new CopyOnWriteArrayList<>();
            OkHttpClient client = shared.newBuilder()
                    .connectionPool(new okhttp3.ConnectionPool()) // a new connection, whatever earlier tests left idle
                    .eventListener(new EventListener() {
                        @Override
                        public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
                            connectors.add(Thread.currentThread());
                        }
                    }).build();
            Thread[] caller = new Thread[1];
            Thread t = Thread.ofVirtual().start(() -> {
                caller[0] = Thread.currentThread();
                try (Response r = client.newCall(new Request.Builder().url(base + "/v1/x").build()).execute()) {
                    assertThat(r.code()).isEqualTo(200);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            t.join();

            assertThat(connectors).containsExactly(caller[0]);
        }
    }
}
