package xyz.pura.providers.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import xyz.pura.providers.ProviderConfig;

/** One shared connection pool for all upstreams; a client per provider for its timeouts. */
public final class HttpClients {
    private static final OkHttpClient SHARED = new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .build();

    private HttpClients() {
    }

    public static OkHttpClient forProvider(ProviderConfig config) {
        return SHARED.newBuilder()
                .connectTimeout(orDefault(config.connectTimeout(), Duration.ofSeconds(5)))
                .readTimeout(orDefault(config.readTimeout(), Duration.ofSeconds(120)))
                .writeTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static Duration orDefault(Duration d, Duration dflt) {
        return d == null ? dflt : d;
    }
}
