package xyz.pura.providers.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import xyz.pura.providers.ProviderConfig;

/**
 * One shared connection pool for all upstreams; one client per provider.
 *
 * <p>A non-streamed call has one deadline for the whole call: the upstream sends nothing until its answer is
 * ready, so that is the same limit as a read timeout, checked once per call instead of on every socket read and
 * write. Per-read timeouts cost a watchdog enqueue, a timed park of the virtual thread and its cancellation on
 * each read; on a 2-core host that was about 5 % of the gateway's CPU under load. A stream may run for minutes;
 * what must not exceed the limit is the silence between two chunks. {@link SilenceWatchdog} keeps both.
 */
public final class HttpClients {
    private static final OkHttpClient SHARED = new OkHttpClient.Builder()
            // idle connections are cleaned up at most once a second, not once per call (IdlePoolCleanup)
            .connectionPool(IdlePoolCleanup.pool(256, 5, TimeUnit.MINUTES))
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            // OkHttp 5's fast fallback (happy eyeballs) connects on its TaskRunner's platform threads, one per
            // connection being opened: a burst of new upstream connections (1,000 streams) started ~200 threads.
            // Connect on the caller's (virtual) thread instead; the connect timeout still bounds each attempt.
            .fastFallback(false)
            .build();

    private HttpClients() {
    }

    /**
     * A provider's client. No socket read or write timeouts and no OkHttp call timeout: each of those is an entry
     * in Okio's watchdog queue per call (and a wake-up of its thread whenever the queue was empty, once per
     * request at moderate rates). {@link SilenceWatchdog} keeps the limits instead: the whole call when not
     * streamed (read plus connect timeout), the silence before and between a stream's chunks (read timeout).
     */
    public static UpstreamHttp forProvider(ProviderConfig config) {
        OkHttpClient client = SHARED.newBuilder()
                .connectTimeout(connectTimeout(config))
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .build();
        return new UpstreamHttp(client, readTimeout(config), readTimeout(config).plus(connectTimeout(config)));
    }

    private static Duration connectTimeout(ProviderConfig config) {
        return orDefault(config.connectTimeout(), Duration.ofSeconds(5));
    }

    private static Duration readTimeout(ProviderConfig config) {
        return orDefault(config.readTimeout(), Duration.ofSeconds(120));
    }

    private static Duration orDefault(Duration d, Duration dflt) {
        return d == null ? dflt : d;
    }
}
