package xyz.pura.app.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A loopback HTTP proxy in front of a gateway that passes every request and answer through unchanged (an answer is
 * streamed as it arrives) and records both: what a third-party client sends and what it got back.
 */
public final class RecordingProxy implements AutoCloseable {
    /** Hop-by-hop headers, and those Java's HTTP client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "transfer-encoding",
            "keep-alive", "upgrade", "expect", "te", "trailer");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One request and its answer; header names lower case, bodies as bytes on the wire (a gzipped answer decoded). */
    public record Exchange(String method, String path, Map<String, String> requestHeaders, byte[] requestBody, int status,
            Map<String, String> responseHeaders, byte[] responseBody) {
        public String requestText() {
            return new String(requestBody, StandardCharsets.UTF_8);
        }

        public String responseText() {
            return new String(responseBody, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String target;
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    private RecordingProxy(String target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(executor);
        server.start();
    }

    /** @param target the gateway's base URL, such as {@code http://127.0.0.1:8080} */
    public static RecordingProxy to(String target) {
        try {
            return new RecordingProxy(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The exchanges so far, in the order their answers ended. */
    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    private void forward(HttpExchange in) throws IOException {
        try (in) {
            byte[] body = in.getRequestBody().readAllBytes();
            Map<String, String> requestHeaders = new TreeMap<>();
            HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(target + in.getRequestURI()))
                    .method(in.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            in.getRequestHeaders().forEach((name, values) -> {
                String lower = name.toLowerCase();
                requestHeaders.put(lower, String.join(", ", values));
                if (!NOT_FORWARDED.contains(lower)) {
                    values.forEach(v -> out.header(name, v));
                }
            });
            HttpResponse<InputStream> answer;
            try {
                answer = HTTP.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            Map<String, String> responseHeaders = new TreeMap<>();
            answer.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase();
                responseHeaders.put(lower, String.join(", ", values));
                if (!NOT_FORWARDED.contains(lower) && !lower.equals(":status")) {
                    in.getResponseHeaders().put(name, values);
                }
            });
            in.sendResponseHeaders(answer.statusCode(), 0);
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            try (InputStream from = answer.body(); OutputStream to = in.getResponseBody()) {
                byte[] buffer = new byte[8192];
                for (int n; (n = from.read(buffer)) > 0; ) {
                    to.write(buffer, 0, n);
                    to.flush();
                    copy.write(buffer, 0, n);
                }
            }
            byte[] recorded = copy.toByteArray();
            if ("gzip".equalsIgnoreCase(responseHeaders.get("content-encoding"))) {
                recorded = new GZIPInputStream(new ByteArrayInputStream(recorded)).readAllBytes();
            }
            exchanges.add(new Exchange(in.getRequestMethod(), in.getRequestURI().toString(), requestHeaders, body,
                    answer.statusCode(), responseHeaders, recorded));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
