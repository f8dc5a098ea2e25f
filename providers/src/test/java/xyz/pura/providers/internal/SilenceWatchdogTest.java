package xyz.pura.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;
import xyz.pura.providers.FailureKind;
import xyz.pura.providers.ProviderConfig;
import xyz.pura.providers.UpstreamException;

/**
 * The limits of upstream calls are kept by one ticking watchdog, not by OkHttp's timeouts (each of which woke
 * Okio's watchdog thread about once per request): the clients carry none, a finished call leaves no guard
 * behind, and a call past its limit is still cancelled as a timeout.
 */
class SilenceWatchdogTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private LocalUpstream upstream;
    private String base;

    @BeforeEach
    void start() {
        upstream = LocalUpstream.start(Map.of("/quick", LocalUpstream.emptyJson(), "/never", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        }));
        base = upstream.base();
    }

    @AfterEach
    void stop() {
        release.countDown();
        upstream.close();
    }

    private UpstreamHttp http(Duration readTimeout) {
        return HttpClients.forProvider(new ProviderConfig(ProviderId.OPENAI, base, "sk", Duration.ofMillis(500), readTimeout));
    }

    @Test
    void shouldGiveTheClientsNoOkHttpTimeoutsThatWakeOkiosWatchdog() {
        UpstreamHttp http = http(Duration.ofSeconds(120));

        assertThat(http.client().callTimeoutMillis()).isZero();
        assertThat(http.client().readTimeoutMillis()).isZero();
        assertThat(http.client().writeTimeoutMillis()).isZero();
        assertThat(http.wholeCall()).isEqualTo(Duration.ofSeconds(120).plusMillis(500));
        assertThat(http.silence()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void shouldForgetEveryCallOnceItIsOver() throws Exception {
        UpstreamHttp http = http(Duration.ofSeconds(120));
        int before = SilenceWatchdog.watched();

        for (int i = 0; i < 50; i++) {
            int code = http.call(new Request.Builder().url(base + "/quick").build(), "openai", r -> r.code());
            assertThat(code).isEqualTo(200);
        }

        assertThat(SilenceWatchdog.watched()).isEqualTo(before);
    }

    @Test
    void shouldCancelANonStreamedCallPastItsWholeCallLimitAsATimeout() {
        UpstreamHttp http = http(Duration.ofMillis(200));
        long start = System.nanoTime();

        assertThatThrownBy(() -> http.call(new Request.Builder().url(base + "/never").build(), "openai", r -> r.code()))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(700)); // 200 ms read + 500 ms connect allowance
        assertThat(took).isLessThan(Duration.ofMillis(700 + 10 * SilenceWatchdog.TICK_MILLIS));
    }
}
