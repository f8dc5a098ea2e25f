package xyz.pura.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A lean open-model, constant-rate load generator on java.nio, with a small fraction of the JDK HttpClient's CPU per
 * request (the generator it replaced), so that less of the machine is taken from the
 * gateway under test.
 *
 * <p>Request i is due at {@code t0 + i / rate} and is sent then (at once when the generator is late) whatever
 * the earlier requests are doing; its latency runs from the time it was DUE. One event-loop thread (the
 * caller's) sends the requests and does all the I/O on one {@link Selector}. HTTP/1.1 keep-alive, one request
 * at a time per connection (no pipelining): a due request takes an idle connection, or opens a new one when
 * none is idle. The request is serialized once and the same bytes are written for every request.
 *
 * <p>Waiting for the next due time: with nothing in flight the loop parks until then (precise, and the cheapest
 * wakeup); with requests in flight it waits on the selector, whose timeout is in whole milliseconds. When that
 * would wake it more than {@code NioLoop.LATE_OK} late and the due time is under a millisecond away, a tiny ticker
 * thread parks until the due time and calls {@link Selector#wakeup()}; it does nothing else.
 *
 * <p>This class is the entry point: what to send ({@link Target}, which also serializes the request) and
 * {@link #open}. A run is {@link NioLoop} (the schedule, the waiting, the I/O), over {@link NioConn}s (one
 * connection each), each with its {@link HttpResponseParser}; {@link NioRecorder} counts and times the answers.
 */
final class NioLoad {

    /** How long {@link #open} waits for the requests still outstanding after the last one was due. */
    static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(150);

    /** One POST request (HTTP/1.1, plain TCP): {@code path} is the request target, e.g. "/v1/chat/completions". */
    record Target(String host, int port, String path, Map<String, String> headers, byte[] body) {
        Target {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(path, "path");
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            body = body.clone();
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path must start with /: " + path);
            }
            for (var h : headers.entrySet()) {
                String k = h.getKey().toLowerCase(Locale.ROOT);
                if (k.equals("host") || k.equals("content-length") || k.equals("transfer-encoding") || k.equals("connection")) {
                    throw new IllegalArgumentException("header set by the generator: " + h.getKey());
                }
                if (bad(h.getKey()) || bad(h.getValue())) {
                    throw new IllegalArgumentException("header with CR or LF: " + h.getKey());
                }
            }
        }

        /** A target from an http URL such as {@code http://127.0.0.1:8080/v1/chat/completions}. */
        static Target post(String url, Map<String, String> headers, byte[] body) {
            URI u = URI.create(url);
            if (!"http".equalsIgnoreCase(u.getScheme())) {
                throw new IllegalArgumentException("http only: " + url);
            }
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            if (u.getRawQuery() != null) {
                path += "?" + u.getRawQuery();
            }
            return new Target(u.getHost(), u.getPort() == -1 ? 80 : u.getPort(), path, headers, body);
        }

        private static boolean bad(String s) {
            return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
        }

        /** The whole request: request line, Host, Content-Type (unless given), Content-Length, the headers, the body. */
        byte[] bytes() {
            StringBuilder h = new StringBuilder(256);
            h.append("POST ").append(path).append(" HTTP/1.1\r\n");
            h.append("Host: ").append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(port).append("\r\n");
            if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
                h.append("Content-Type: application/json\r\n");
            }
            h.append("Content-Length: ").append(body.length).append("\r\n");
            headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
            h.append("\r\n");
            byte[] head = h.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = new byte[head.length + body.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            return all;
        }
    }

    /**
     * Open model: {@code rps} requests per second for {@code durationNanos}, each sent at its due time, latency
     * from the due time. Requests due while {@code maxOutstanding} are in flight are counted as errors
     * ("overload(not sent)") and not sent. For streams: time to the first body bytes, gaps between reads, and
     * whether the body held {@code [DONE]}.
     */
    static Load.Result open(String label, Target target, double rps, long durationNanos, int maxOutstanding, boolean stream) {
        return open(label, target, rps, durationNanos, maxOutstanding, stream, DRAIN_NANOS);
    }

    /** As {@link #open(String, Target, double, long, int, boolean)}, waiting at most {@code drainNanos} at the end. */
    static Load.Result open(String label, Target target, double rps, long durationNanos, int maxOutstanding, boolean stream,
                            long drainNanos) {
        Load.Result r = new Load.Result(label, rps, durationNanos);
        byte[] request = target.bytes();
        InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
        try {
            new NioLoop(r, request, address, rps, durationNanos, maxOutstanding, stream, drainNanos).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return r;
    }
}
