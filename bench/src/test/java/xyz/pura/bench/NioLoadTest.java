package xyz.pura.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NioLoadTest {

    static final byte[] BODY = "{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldSendEveryRequestAtAFixedRateAndRecordItsLatency() throws Exception {
        try (Server s = new Server((i, in, out) -> {
            out.write(ok("{\"id\":" + i + "}"));
            return true;
        })) {
            Load.Result r = run(s, 200, 1.0, false);

            assertThat(r.sent.get()).isEqualTo(200);
            assertThat(r.ok.get()).isEqualTo(200);
            assertThat(r.errors.get()).isZero();
            assertThat(r.latency.getTotalCount()).isEqualTo(200);
            assertThat(r.latency.getMinValue()).isPositive();
            assertThat(r.okInWindow).isBetween(195L, 200L);
            assertThat(r.wallNanos).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(995)); // to the last answer; the last is due at 995 ms
            assertThat(r.ttfb.getTotalCount()).isZero();
            assertThat(s.requests.get()).isEqualTo(200);
            assertThat(s.connections.get()).isLessThan(200); // keep-alive
            assertThat(s.first).isEqualTo("POST /v1/chat/completions HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + s.port() + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + BODY.length + "\r\n"
                    + "Authorization: Bearer x\r\n"
                    + "\r\n"
                    + new String(BODY, StandardCharsets.UTF_8));
        }
    }

    /** An SSE answer in pieces: cut inside the headers, inside a chunk-size line, inside a chunk, inside [DONE]. */
    static boolean splitStream(OutputStream out, boolean withDone) throws Exception {
        String first = "data: {\"n\":1}\n\n";
        String rest = withDone ? chunk("data: [DO", "") + chunk("NE]\n\n", ";last") : chunk("data: {\"n\":2}\n\n", "");
        String chunk1 = chunk(first, ";ext=\"a b\"");
        int size = chunk1.indexOf('\r');
        int mid = chunk1.indexOf('\n') + 1 + first.length() - 1;
        String[] parts = withDone ? new String[] {
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Enc", "oding: chunked\r\n\r\n",
            chunk1.substring(0, 1), chunk1.substring(1, mid), chunk1.substring(mid),
            rest.substring(0, rest.indexOf("NE]") - 3), rest.substring(rest.indexOf("NE]") - 3),
            "0\r\nX-Trailer: t\r", "\n\r\n"
        } : new String[] {
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n",
            chunk1.substring(0, size), chunk1.substring(size), rest, "0\r\n\r\n"
        };
        for (int k = 0; k < parts.length; k++) {
            out.write(parts[k].getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(k == 1 ? 30 : 10); // headers, then the body 30 ms later
        }
        return true;
    }

    @Test
    void shouldParseChunksSplitAcrossReadsAndTimeAStreamFromItsFirstBodyBytes() throws Exception {
        try (Server s = new Server((i, in, out) -> splitStream(out, true))) {
            Load.Result r = run(s, 20, 1.0, true);

            assertThat(r.errorSummary()).isEqualTo("-");
            assertThat(r.ok.get()).isEqualTo(20);
            assertThat(r.incompleteStreams.get()).isZero();
            assertThat(r.ttfb.getTotalCount()).isEqualTo(20);
            // the headers came 30 ms before the first body bytes: a read of headers only is not the first byte
            assertThat(r.ttfb.getMinValue()).isGreaterThanOrEqualTo(30_000);
            assertThat(r.gaps.getTotalCount()).isBetween(20L, 20L * 3);
            assertThat(r.gaps.getMean()).isGreaterThanOrEqualTo(5_000); // the server paused 10 ms between the parts
            assertThat(r.latency.getMinValue()).isGreaterThanOrEqualTo(r.ttfb.getMinValue());
            assertThat(r.peakOpen.get()).isBetween(1L, 20L);
            // each answer ended exactly where it should: the connections were used again
            assertThat(s.connections.get()).isLessThan(20);
        }
    }

    @Test
    void shouldReadSplitChunkedAndContentLengthAnswersWhenNotStreaming() throws Exception {
        try (Server s = new Server((i, in, out) -> {
            if (i % 2 == 0) {
                return splitStream(out, true);
            }
            String a = "HTTP/1.1 200 OK\r\nconTENT-length: 11\r\n\r\nhello world";
            for (String p : new String[] {a.substring(0, 20), a.substring(20, 40), a.substring(40)}) {
                out.write(p.getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(10);
            }
            return true;
        })) {
            Load.Result r = run(s, 20, 1.0, false);

            assertThat(r.errorSummary()).isEqualTo("-");
            assertThat(r.ok.get()).isEqualTo(20);
            assertThat(r.latency.getMinValue()).isGreaterThanOrEqualTo(20_000);
            assertThat(r.ttfb.getTotalCount()).isZero();
            assertThat(s.connections.get()).isLessThan(20);
        }
    }

    @Test
    void shouldCountAStreamWithoutDoneAsIncomplete() throws Exception {
        try (Server s = new Server((i, in, out) -> splitStream(out, false))) {
            Load.Result r = run(s, 20, 0.5, true);

            assertThat(r.ok.get()).isZero();
            assertThat(r.incompleteStreams.get()).isEqualTo(10);
            assertThat(kinds(r)).isEqualTo(Map.of("stream without [DONE]", 10L));
            assertThat(r.ttfb.getTotalCount()).isEqualTo(10);
        }
    }

    @Test
    void shouldCountAnswersOtherThan200ByStatus() throws Exception {
        try (Server s = new Server((i, in, out) -> {
            String body = "{\"error\":\"busy\"}";
            String status = i % 2 == 0 ? "503 Service Unavailable" : "429 Too Many Requests";
            out.write(("HTTP/1.1 " + status + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            return true;
        })) {
            Load.Result r = run(s, 40, 0.5, false);

            assertThat(r.ok.get()).isZero();
            assertThat(kinds(r)).isEqualTo(Map.of("http 503", 10L, "http 429", 10L));
            assertThat(r.latency.getTotalCount()).isZero();
            assertThat(s.connections.get()).isLessThan(20);
        }
    }

    @Test
    void shouldOpenNewConnectionsWhenTheServerClosesThem() throws Exception {
        try (Server s = new Server((i, in, out) -> {
            // with a length, or delimited by the end of the connection
            String head = i % 2 == 0 ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n"
                    : "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n";
            out.write((head + "ok").getBytes(StandardCharsets.UTF_8));
            return false;
        })) {
            Load.Result r = run(s, 40, 0.5, false);

            assertThat(r.errorSummary()).isEqualTo("-");
            assertThat(r.ok.get()).isEqualTo(20);
            assertThat(s.connections.get()).isEqualTo(20);
        }
    }

    @Test
    void shouldKeepSendingOnScheduleWhileOneRequestIsStalledAndTimeItFromItsDueTime() throws Exception {
        try (Server s = new Server((i, in, out) -> {
            if (i == 10) {
                Thread.sleep(300);
            }
            out.write(ok("{}"));
            return true;
        })) {
            Load.Result r = run(s, 100, 1.0, false);

            assertThat(r.errorSummary()).isEqualTo("-");
            assertThat(r.ok.get()).isEqualTo(100);
            assertThat(r.latency.getMaxValue()).isGreaterThanOrEqualTo(300_000);
            // only the stalled one is slow: the others went out on time on other connections
            assertThat(r.latency.getCountBetweenValues(250_000, Load.MAX_TRACKABLE_US)).isEqualTo(1);
            assertThat(r.maxSendLagNanos).isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
            assertThat(s.connections.get()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void shouldNotSendBeyondMaxOutstandingAndCloseItsConnectionsAfterTheDrainTimeout() throws Exception {
        try (Server s = new Server((i, in, out) -> {
            while (in.read() >= 0) {
                // never answers: waits for the generator to close the connection
            }
            return false;
        })) {
            Load.Result r = NioLoad.open("t", target(s), 50, BenchUtil.sec(0.4), 3, false, BenchUtil.sec(0.2));

            assertThat(r.sent.get()).isEqualTo(20);
            assertThat(kinds(r)).isEqualTo(Map.of("overload(not sent)", 17L, "drain timeout", 1L));
            assertThat(r.ok.get()).isZero();
            assertThat(s.requests.get()).isEqualTo(3);
            // no socket left open: the server sees all three connections end
            assertThat(s.closed.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void shouldCountARefusedConnectionAsAnError() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = ss.getLocalPort();
        }
        Load.Result r = NioLoad.open("t", new NioLoad.Target("127.0.0.1", port, "/", Map.of(), BODY), 20, BenchUtil.sec(0.25), 100, false);

        assertThat(kinds(r)).isEqualTo(Map.of("connect: Connection refused", 5L));
    }

    @Test
    void shouldCountAConnectionClosedBeforeTheAnswer() throws Exception {
        try (Server s = new Server((i, in, out) -> false)) {
            Load.Result r = run(s, 20, 0.25, true);

            assertThat(kinds(r)).isEqualTo(Map.of("closed before response", 5L));
        }
    }

    // ---------------------------------------------------------------- helpers

    static Load.Result run(Server s, double rps, double seconds, boolean stream) {
        return NioLoad.open("t", target(s), rps, BenchUtil.sec(seconds), 10_000, stream);
    }

    static NioLoad.Target target(Server s) {
        return NioLoad.Target.post("http://127.0.0.1:" + s.port() + "/v1/chat/completions", Map.of("Authorization", "Bearer x"), BODY);
    }

    static Map<String, Long> kinds(Load.Result r) {
        Map<String, Long> m = new TreeMap<>();
        r.errorKinds.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    static byte[] ok(String body) {
        return ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    static String chunk(String data, String extension) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + extension + "\r\n" + data + "\r\n";
    }

    /** Answers one request (the index of the request on the server); true to keep the connection. */
    interface Handler {
        boolean answer(int index, InputStream in, OutputStream out) throws Exception;
    }

    /** A tiny HTTP/1.1 server: a thread per connection (named "srv-..."), each request answered by the handler. */
    static final class Server implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger connections = new AtomicInteger();
        /** Counts down when three connections have ended. */
        final CountDownLatch closed = new CountDownLatch(3);
        final Set<Socket> open = ConcurrentHashMap.newKeySet();
        volatile String first;
        private final Handler handler;

        Server(Handler handler) throws IOException {
            this.handler = handler;
            socket = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().name("srv-accept").start(this::accept);
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket c = socket.accept();
                    c.setTcpNoDelay(true);
                    open.add(c);
                    Thread.ofPlatform().daemon().name("srv-" + connections.incrementAndGet()).start(() -> serve(c));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket c) {
            try (c) {
                InputStream in = new BufferedInputStream(c.getInputStream());
                OutputStream out = c.getOutputStream();
                byte[] req;
                while ((req = readRequest(in)) != null) {
                    if (first == null) {
                        first = new String(req, StandardCharsets.UTF_8);
                    }
                    boolean keep = handler.answer(requests.getAndIncrement(), in, out);
                    out.flush();
                    if (!keep) {
                        break;
                    }
                }
            } catch (Exception e) {
                // the client went away
            } finally {
                open.remove(c);
                closed.countDown();
            }
        }

        /** One request (head and body), null at the end of the connection. */
        static byte[] readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream(512);
            int last4 = 0;
            while (last4 != 0x0d0a0d0a) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                last4 = (last4 << 8) | b;
            }
            int length = 0;
            for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            head.write(in.readNBytes(length));
            return head.toByteArray();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket c : open) {
                c.close();
            }
        }
    }
}
