package xyz.pura.providers.internal;

import java.io.IOException;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import xyz.pura.providers.UpstreamException;

/**
 * A provider's client (no timeout on socket reads or writes) with the limits its calls are held to, both kept by
 * {@link SilenceWatchdog} rather than by OkHttp's own timeouts.
 *
 * @param client the client, from {@link HttpClients#forProvider}
 * @param silence the longest wait for a stream's first bytes, and then between two of its reads
 * @param wholeCall the longest a non-streamed call may take, from its start to the end of its body
 */
public record UpstreamHttp(OkHttpClient client, Duration silence, Duration wholeCall) {

    /** What a non-streamed call makes of its response. */
    @FunctionalInterface
    public interface ResponseReader<T> {
        T read(Response response) throws IOException, UpstreamException;
    }

    /**
     * A non-streamed call, its response read by {@code reader} under one deadline for the whole call. A call
     * past its deadline is cancelled and fails as {@link xyz.pura.providers.FailureKind#TIMEOUT}; any other I/O
     * failure as a transport failure.
     */
    public <T> T call(Request request, String provider, ResponseReader<T> reader) throws UpstreamException {
        Call call = client.newCall(request);
        try (SilenceWatchdog.Guard deadline = SilenceWatchdog.watch(call, wholeCall)) {
            try (Response response = call.execute()) {
                return reader.read(response);
            } catch (IOException e) {
                throw deadline.failure(provider, e);
            }
        }
    }

    /** A call for a stream; {@link #watch} it. */
    public Call newCall(Request request) {
        return client.newCall(request);
    }

    /** Starts bounding the silence of a streamed {@code call}; close the guard when the call is over. */
    public SilenceWatchdog.Guard watch(Call call) {
        return SilenceWatchdog.watch(call, silence);
    }
}
