package xyz.pura.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.Json;
import xyz.pura.events.ProviderId;
import xyz.pura.events.RequestCompleted;
import xyz.pura.providers.ChatResult;
import xyz.pura.providers.ChunkSink;
import xyz.pura.providers.Provider;
import xyz.pura.providers.StreamAbortedException;
import xyz.pura.providers.UpstreamRequest;

/**
 * Slow clients hold nothing scarce and are cut after a bounded time: a body that trickles in, stops, or takes too long
 * in all is answered 408 {@code request_timeout} (and its connection closed) without ever holding an in-flight permit;
 * a streamed answer whose client stops reading is cut after the write timeout and billed for what was written.
 */
class SlowClientTest {
    private static final String HI = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private final FakeProvider provider = new FakeProvider();
    private TestIngress ingress;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (ingress != null) {
            ingress.close();
        }
    }

    @Test
    void shouldAnswer408ToSlowBodiesWithoutTheirHoldingAnInFlightPermit() throws Exception {
        ingress = TestIngress.start(new TestIngress.Limits(2, Duration.ofSeconds(2), 1024, Duration.ofSeconds(30)), provider);
        ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try {
            // ten bodies trickled in at a byte every 200 ms (5 B/s, far below 1,024 B/s)
            List<Socket> trickled = new ArrayList<>();
            List<CompletableFuture<Answer>> trickledAnswers = new ArrayList<>();
            AtomicInteger trickledBytes = new AtomicInteger();
            for (int i = 0; i < 10; i++) {
                Socket s = open(200);
                trickled.add(s);
                trickledAnswers.add(answer(s, readers));
            }
            pacer.scheduleAtFixedRate(() -> {
                for (Socket s : trickled) {
                    try {
                        s.getOutputStream().write(' ');
                        s.getOutputStream().flush();
                        trickledBytes.incrementAndGet();
                    } catch (IOException closedByTheGateway) {
                        // answered
                    }
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
            // a socket that sends its headers and then nothing
            Socket silent = open(200);
            CompletableFuture<Answer> silentAnswer = answer(silent, readers);
            // a body that comes fast enough (4 KiB/s) but takes 3 s in all, past the 2 s deadline
            Socket long3s = open(12 * 1024);
            CompletableFuture<Answer> longAnswer = answer(long3s, readers);
            AtomicInteger longSent = new AtomicInteger();
            pacer.scheduleAtFixedRate(() -> {
                if (longSent.get() < 12 * 1024) {
                    try {
                        long3s.getOutputStream().write(" ".repeat(2048).getBytes(StandardCharsets.US_ASCII));
                        long3s.getOutputStream().flush();
                        longSent.addAndGet(2048);
                    } catch (IOException closedByTheGateway) {
                        longSent.set(Integer.MAX_VALUE);
                    }
                }
            }, 0, 500, TimeUnit.MILLISECONDS);

            // every slow request is in its handler (its headers long in, its body still coming) when a normal one comes
            await().atMost(Duration.ofSeconds(5)).until(() -> trickledBytes.get() >= 2 * trickled.size());
            HttpResponse<String> normal = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ingress.baseUrl()
                    + "/v1/chat/completions")).header("Authorization", "Bearer " + ingress.key).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(HI)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(normal.statusCode()).as(normal.body()).isEqualTo(200);

            for (CompletableFuture<Answer> f : trickledAnswers) {
                Answer a = f.get(10, TimeUnit.SECONDS);
                assertRequestTimeout(a, "PURA_MIN_REQUEST_BYTES_PER_SECOND");
                // a second of grace, then the rate: cut at about 1 s, not held to the 2 s deadline
                assertThat(a.millis()).isBetween(900L, 1_999L);
            }
            Answer s = silentAnswer.get(10, TimeUnit.SECONDS);
            assertRequestTimeout(s, "PURA_MIN_REQUEST_BYTES_PER_SECOND");
            assertThat(s.millis()).isBetween(900L, 1_999L);
            Answer l = longAnswer.get(10, TimeUnit.SECONDS);
            assertRequestTimeout(l, "PURA_BODY_READ_TIMEOUT_SECONDS");
            assertThat(l.millis()).isBetween(1_900L, 3_500L);
            assertThat(ingress.completed).as("no slow request reached a provider").hasSize(1);
        } finally {
            pacer.shutdownNow();
            readers.shutdownNow();
        }
    }

    @Test
    void shouldBoundAChunkedBodyLikeADeclaredOne() throws Exception {
        ingress = TestIngress.start(new TestIngress.Limits(2, Duration.ofSeconds(2), 1024, Duration.ofSeconds(30)), provider);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Socket s = new Socket("127.0.0.1", ingress.port());
            sockets.add(s);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ingress.key
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<Answer> trickled = answer(s, readers);
            pacer.scheduleAtFixedRate(() -> {
                try {
                    s.getOutputStream().write("1\r\n \r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                } catch (IOException closedByTheGateway) {
                    // answered
                }
            }, 0, 200, TimeUnit.MILLISECONDS);

            Answer a = trickled.get(10, TimeUnit.SECONDS);
            assertRequestTimeout(a, "PURA_MIN_REQUEST_BYTES_PER_SECOND");
            assertThat(a.millis()).isBetween(900L, 1_999L);
        } finally {
            pacer.shutdownNow();
            readers.shutdownNow();
        }
        // a chunked body that comes at once is read, and one past the limit (1 MiB here) refused
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> ok = client.send(chunked(HI.getBytes(StandardCharsets.UTF_8)), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        byte[] huge = (HI + " ".repeat(1024 * 1024)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> tooLarge = client.send(chunked(huge), HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(Json.mapper().readTree(tooLarge.body()).at("/error/code").asText()).isEqualTo("request_too_large");
    }

    private HttpRequest chunked(byte[] body) {
        return HttpRequest.newBuilder(URI.create(ingress.baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + ingress.key).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build();
    }

    @Test
    void shouldCutAStreamWhoseClientStopsReadingAfterTheWriteTimeoutAndBillWhatWasWritten() throws Exception {
        ingress = TestIngress.start(new TestIngress.Limits(10, Duration.ofSeconds(10), 1024, Duration.ofSeconds(1)), provider);
        byte[] body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Tell me everything\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        Socket s = new Socket();
        sockets.add(s);
        s.setReceiveBufferSize(2048);
        s.connect(new InetSocketAddress("127.0.0.1", ingress.port()), 5_000);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ingress.key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        InputStream in = s.getInputStream();
        String head = readUntil(in, "\r\n\r\n");
        assertThat(head).startsWith("HTTP/1.1 200");
        String requestId = head.lines().filter(h -> h.regionMatches(true, 0, "X-Pura-Request-Id:", 0, 18))
                .map(h -> h.substring(18).trim()).findFirst().orElseThrow();
        readUntil(in, "data: ");
        readUntil(in, "\n\n");
        // and then the client reads nothing more, with its socket open

        await().atMost(Duration.ofSeconds(10)).until(() -> provider.abortedAtNanos.get() != 0);
        long blockedMillis = (provider.abortedAtNanos.get() - provider.lastWrittenAtNanos.get()) / 1_000_000;
        assertThat(blockedMillis).as("how long the last write blocked").isBetween(900L, 3_000L);
        await().atMost(Duration.ofSeconds(5)).until(() -> ingress.completion(requestId) != null);
        RequestCompleted done = ingress.completion(requestId);
        assertThat(done.status()).isEqualTo("client_cancelled");
        assertThat(done.errorCode()).isEqualTo("client_cancelled");
        int written = provider.written.get();
        assertThat(written).isPositive().isLessThan(FakeProvider.CHUNKS);
        // billed for the chunks whose writes returned, not for the one the client never took
        assertThat(done.outputTokens()).isPositive()
                .isEqualTo(ingress.metering.countText(FakeProvider.PIECE.repeat(written)))
                .isLessThan(ingress.metering.countText(FakeProvider.PIECE.repeat(FakeProvider.CHUNKS)));
        assertThat(done.costNanoUsd()).isEqualTo(ingress.metering.cost(done.model(), done.inputTokens(), done.outputTokens()).nanos());
        // the settlement: the key's budget is charged exactly that, and nothing stays reserved
        assertThat(ingress.budgets.remaining(ingress.apiKey).nanos()).isEqualTo(TestIngress.DAILY_BUDGET_NANOS - done.costNanoUsd());
        assertThat(ingress.budgets.reservedNanoUsd(ingress.apiKey.keyId())).isZero();
    }

    private void assertRequestTimeout(Answer a, String variable) throws IOException {
        assertThat(a.status()).as(a.head() + a.body()).isEqualTo(408);
        assertThat(a.head().toLowerCase()).contains("connection: close");
        JsonNode error = Json.mapper().readTree(a.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo("request_timeout");
        assertThat(error.path("message").asText()).contains(variable);
        assertThat(a.closed()).as("the gateway closed the connection").isTrue();
    }

    /** A chat request whose headers declare {@code length} bytes of body, with none of it sent yet. */
    private Socket open(int length) throws IOException {
        Socket s = new Socket("127.0.0.1", ingress.port());
        sockets.add(s);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ingress.key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    record Answer(int status, String head, String body, boolean closed, long millis) {
    }

    /** Reads the socket's whole answer (to the end of the connection) on a thread of its own. */
    private static CompletableFuture<Answer> answer(Socket s, ExecutorService readers) {
        long sent = System.nanoTime();
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            boolean closed;
            long firstByte = 0;
            try {
                InputStream in = s.getInputStream();
                byte[] chunk = new byte[4096];
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    if (firstByte == 0) {
                        firstByte = System.nanoTime();
                    }
                    buf.write(chunk, 0, n);
                }
                closed = true;
            } catch (IOException e) {
                closed = false;
            }
            String text = buf.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return new Answer(-1, text, "", closed, 0);
            }
            return new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(0, end + 2), text.substring(end + 4),
                    closed, (firstByte - sent) / 1_000_000);
        }, readers);
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (seen.length() < marker.length() || !seen.substring(seen.length() - marker.length()).equals(marker)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended before '" + marker + "': " + seen);
            }
            seen.append((char) b);
        }
        return seen.toString();
    }

    /**
     * Answers "hi" to a plain request; streams {@link #CHUNKS} chunks of 8 KB to a streamed one, keeping its text as a
     * real provider does (a piece counts as said before it is sent) and recording which writes returned.
     */
    static final class FakeProvider implements Provider {
        static final int CHUNKS = 2_000;
        static final String PIECE = "lorem ipsum dolor sit amet ".repeat(300);
        final AtomicInteger written = new AtomicInteger();
        final AtomicLong lastWrittenAtNanos = new AtomicLong();
        final AtomicLong abortedAtNanos = new AtomicLong();

        @Override
        public ProviderId id() {
            return ProviderId.OPENAI;
        }

        @Override
        public boolean configured() {
            return true;
        }

        @Override
        public ChatResult chat(UpstreamRequest request) {
            ObjectNode completion = Json.mapper().createObjectNode();
            completion.put("id", "chatcmpl-fake").put("object", "chat.completion").put("created", 1).put("model", request.model());
            ObjectNode choice = completion.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", "hi");
            return new ChatResult(completion, "hi", "stop", null);
        }

        @Override
        public ChatResult stream(UpstreamRequest request, ChunkSink sink) throws StreamAbortedException {
            StringBuilder said = new StringBuilder();
            for (int i = 0; i < CHUNKS; i++) {
                ObjectNode chunk = Json.mapper().createObjectNode();
                chunk.put("id", "chatcmpl-fake").put("object", "chat.completion.chunk").put("created", 1).put("model", request.model());
                ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
                choice.putObject("delta").put("content", PIECE);
                choice.putNull("finish_reason");
                said.append(PIECE);
                try {
                    sink.accept(chunk);
                } catch (IOException clientGone) {
                    abortedAtNanos.set(System.nanoTime());
                    throw new StreamAbortedException(new ChatResult(null, said.toString(), null, null), clientGone);
                }
                written.incrementAndGet();
                lastWrittenAtNanos.set(System.nanoTime());
            }
            return new ChatResult(null, said.toString(), "stop", null);
        }
    }
}
