package xyz.pura.providers.internal;

import java.time.Duration;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * A provider's client for streams (no timeout per socket read) with the silence limit its streams are held to.
 *
 * @param client the client, from {@link HttpClients#forStreaming}
 * @param silence the longest wait for a stream's first bytes, and then between two reads
 */
public record StreamingHttp(OkHttpClient client, Duration silence) {

    public Call newCall(Request request) {
        return client.newCall(request);
    }

    /** Starts bounding the silence of {@code call}; close the guard when the call is over. */
    public SilenceWatchdog.Guard watch(Call call) {
        return SilenceWatchdog.watch(call, silence);
    }
}
