package xyz.pura.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

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
 * would wake it more than {@link #LATE_OK} late and the due time is under a millisecond away, a tiny ticker thread
 * parks until the due time and calls {@link Selector#wakeup()}; it does nothing else.
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
        try {
            new NioLoad(r, target, rps, durationNanos, maxOutstanding, stream, drainNanos).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return r;
    }

    // ---------------------------------------------------------------- one run

    private static final long MILLI = 1_000_000;
    /**
     * How late a whole-millisecond selector timeout may wake the loop rather than arming the ticker. A park here
     * wakes some 90 µs after its time (the kernel's 50 µs timer slack and the wakeup), so a send is ~0.1 ms after its
     * due time, and a selector timeout of one period from then would wake ~0.1 ms late too. Arming the ticker costs
     * about a third of the CPU per request, so it is armed only when a rounded-up timeout would be later than this.
     */
    private static final long LATE_OK = 250_000;
    private static final int READ_BUFFER = 64 * 1024;
    private static final int MAX_LINE = 64 * 1024;
    private static final byte[] DONE_MARK = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private final Load.Result r;
    private final boolean stream;
    private final int maxOutstanding;
    private final long drainNanos;
    private final long period;
    private final long n;
    private final long t0;
    private final long windowEnd;
    private final AtomicLong okInWindow = new AtomicLong();
    private final InetSocketAddress address;
    /** The serialized request; every connection writes a duplicate of it. */
    private final ByteBuffer request;
    /** One read buffer for all connections: each read is parsed completely before the next. */
    private final ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER);
    private final ArrayDeque<Conn> idle = new ArrayDeque<>();
    private final Consumer<SelectionKey> onReady = this::ready;
    private Selector selector;
    /** The due time the ticker is to wake the selector at; 0: none. */
    private final AtomicLong tickAt = new AtomicLong();
    private Thread ticker;
    private volatile boolean stopping;
    private int outstanding;
    /** Streams that delivered their first body bytes and have not ended. */
    private long openStreams;
    private long peakOpen;

    private NioLoad(Load.Result r, Target target, double rps, long durationNanos, int maxOutstanding, boolean stream,
                    long drainNanos) {
        this.r = r;
        this.stream = stream;
        this.maxOutstanding = maxOutstanding;
        this.drainNanos = drainNanos;
        this.period = (long) (1e9 / rps);
        this.n = durationNanos / period;
        byte[] req = target.bytes();
        this.request = ByteBuffer.allocateDirect(req.length).put(req).flip();
        this.address = new InetSocketAddress(target.host(), target.port());
        this.t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        this.windowEnd = t0 + durationNanos;
    }

    private void run() throws IOException {
        selector = Selector.open();
        ticker = Thread.ofPlatform().daemon().name("nioload-tick").start(this::tick);
        long maxLag = 0;
        long drainDeadline = Long.MAX_VALUE;
        boolean parked = false;
        try {
            long i = 0;
            while (true) {
                long now = System.nanoTime();
                if (i < n && t0 + i * period <= now) {
                    if (parked) {
                        // what came during a long sleep, e.g. the close of an idle connection by the server
                        selector.selectNow(onReady);
                        parked = false;
                    }
                    do {
                        long due = t0 + i * period;
                        maxLag = Math.max(maxLag, now - due);
                        r.sent.incrementAndGet();
                        i++;
                        tickAt.compareAndSet(due, 0); // the loop is there already: no wakeup needed
                        if (outstanding >= maxOutstanding) {
                            r.error("overload(not sent)");
                        } else {
                            outstanding++;
                            send(due);
                        }
                        now = System.nanoTime();
                    } while (i < n && t0 + i * period <= now);
                }
                if (i >= n) {
                    if (drainDeadline == Long.MAX_VALUE) {
                        r.maxSendLagNanos = maxLag;
                        drainDeadline = now + drainNanos;
                    }
                    if (outstanding == 0) {
                        break;
                    }
                    if (now >= drainDeadline) {
                        r.error("drain timeout");
                        break;
                    }
                    selector.select(onReady, Math.max(1, ceilMillis(drainDeadline - now)));
                    continue;
                }
                long due = t0 + i * period;
                long wait = due - now;
                if (outstanding == 0) {
                    // Nothing in flight, nothing to read (an idle connection's close can wait): a precise sleep,
                    // and the cheapest wakeup. The ticker is not needed.
                    if (tickAt.get() != 0) {
                        tickAt.set(0);
                    }
                    LockSupport.parkNanos(wait);
                    parked |= wait >= MILLI;
                    continue;
                }
                // Requests in flight: wait on the selector, whose timeout is in whole milliseconds. Rounded up, it
                // may wake us up to LATE_OK (and the usual wakeup delay) after the due time; later than that, wake
                // up to a millisecond early and look again, or, under a millisecond, have the ticker wake us.
                long ms = ceilMillis(wait);
                if (ms * MILLI - wait > LATE_OK) {
                    if (ms > 1) {
                        ms--;
                    } else if (tickAt.getAndSet(due) == 0) {
                        LockSupport.unpark(ticker);
                    }
                }
                selector.select(onReady, ms);
            }
        } finally {
            stopping = true;
            LockSupport.unpark(ticker);
            boolean interrupted = false;
            while (ticker.isAlive()) { // before the selector closes: a wakeup of a closed selector is an error
                try {
                    ticker.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            for (SelectionKey k : new ArrayList<>(selector.keys())) {
                closeQuietly(k.channel());
            }
            selector.close();
            r.wallNanos = System.nanoTime() - t0;
            r.okInWindow = okInWindow.get();
        }
    }

    private static long ceilMillis(long nanos) {
        return (nanos + MILLI - 1) / MILLI;
    }

    /**
     * The ticker: when armed with a due time ({@link #tickAt}), sleeps until then and wakes the selector, unless the
     * event loop got there first (and disarmed it). Parks while disarmed.
     */
    private void tick() {
        while (!stopping) {
            long at = tickAt.get();
            if (at == 0) {
                LockSupport.park(this);
                continue;
            }
            long now = System.nanoTime();
            if (now < at) {
                LockSupport.parkNanos(this, at - now);
            } else if (tickAt.compareAndSet(at, 0)) {
                selector.wakeup();
            }
        }
    }

    private void send(long due) {
        Conn c;
        while ((c = idle.pollLast()) != null && c.closed) {
            // dropped while idle (the server closed it)
        }
        if (c != null) {
            c.begin(due);
            write(c);
        } else {
            connect(due);
        }
    }

    private void connect(long due) {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Conn c = new Conn(ch, request.duplicate());
            c.begin(due);
            boolean connected = ch.connect(address);
            c.key = ch.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, c);
            c.ops = connected ? 0 : SelectionKey.OP_CONNECT;
            if (connected) {
                write(c);
            }
        } catch (IOException | UnresolvedAddressException e) {
            closeQuietly(ch);
            outstanding--;
            r.error("connect: " + message(e));
        }
    }

    /** A selected key: finish a connect, go on writing, read. */
    private void ready(SelectionKey k) {
        Conn c = (Conn) k.attachment();
        if (!k.isValid() || c.closed) {
            return;
        }
        int ops = k.readyOps();
        if ((ops & SelectionKey.OP_CONNECT) != 0) {
            try {
                if (!c.ch.finishConnect()) {
                    return;
                }
            } catch (IOException e) {
                fail(c, "connect: " + message(e));
                return;
            }
            write(c);
            return;
        }
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            write(c);
        }
        if ((ops & SelectionKey.OP_READ) != 0 && !c.closed) {
            read(c);
        }
    }

    private void write(Conn c) {
        try {
            c.ch.write(c.out);
        } catch (IOException e) {
            fail(c, "write: " + message(e));
            return;
        }
        interest(c, c.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private static void interest(Conn c, int ops) {
        if (c.ops != ops) {
            c.key.interestOps(ops);
            c.ops = ops;
        }
    }

    private void read(Conn c) {
        ByteBuffer b = in;
        b.clear();
        int got;
        try {
            got = c.ch.read(b);
        } catch (IOException e) {
            fail(c, "read: " + message(e));
            return;
        }
        long now = System.nanoTime();
        if (got < 0) {
            eof(c, now);
            return;
        }
        if (got == 0) {
            return;
        }
        if (!c.busy) {
            close(c); // bytes nobody asked for
            return;
        }
        c.readBody = 0;
        int stop = parse(c, b, got);
        if (stream && c.readBody > 0) {
            bodyRead(c, now);
        }
        if (stop < 0) {
            fail(c, c.problem);
        } else if (c.state == DONE) {
            complete(c, now);
            if (stop < got || !c.keepAlive || c.out.hasRemaining()) {
                close(c);
            } else {
                idle.addLast(c);
            }
        }
    }

    private void eof(Conn c, long now) {
        if (!c.busy) {
            close(c);
        } else if (c.state == BODY_TO_EOF) {
            c.state = DONE;
            complete(c, now);
            close(c);
        } else {
            fail(c, c.state == STATUS_LINE && c.lineLength == 0 ? "closed before response" : "closed mid-response");
        }
    }

    /** A read that delivered body bytes of a stream: time to first byte from the due time, or a gap. */
    private void bodyRead(Conn c, long now) {
        if (!c.bodySeen) {
            c.bodySeen = true;
            r.ttfb.recordValue(Math.min(Load.MAX_TRACKABLE_US, (now - c.due) / 1000));
            if (++openStreams > peakOpen) {
                peakOpen = openStreams;
                r.peakOpen.accumulateAndGet(peakOpen, Math::max);
            }
        } else {
            r.gaps.recordValue(Math.min(Load.MAX_TRACKABLE_US, (now - c.lastBody) / 1000));
        }
        c.lastBody = now;
    }

    /** The whole response arrived: judge it (status, [DONE] for streams) and record it. */
    private void complete(Conn c, long end) {
        finish(c);
        if (c.status != 200) {
            r.error("http " + c.status);
        } else if (stream && !c.sawDone) {
            r.incompleteStreams.incrementAndGet();
            r.error("stream without [DONE]");
        } else {
            Load.recordOk(r, c.due, end, windowEnd, okInWindow);
        }
    }

    private void finish(Conn c) {
        c.busy = false;
        outstanding--;
        if (c.bodySeen) {
            openStreams--;
        }
    }

    /** The request on {@code c} failed (when one is in flight): count it, and drop the connection. */
    private void fail(Conn c, String kind) {
        if (c.busy) {
            finish(c);
            r.error(kind);
        }
        close(c);
    }

    private static void close(Conn c) {
        if (!c.closed) {
            c.closed = true;
            closeQuietly(c.ch);
        }
    }

    private static void closeQuietly(java.nio.channels.Channel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null) {
            m = e.getClass().getSimpleName();
        }
        return m.length() > 60 ? m.substring(0, 60) : m;
    }

    // ---------------------------------------------------------------- the response parser

    private static final int STATUS_LINE = 0;
    private static final int HEADER_LINE = 1;
    private static final int BODY_LENGTH = 2;
    private static final int BODY_TO_EOF = 3;
    private static final int CHUNK_SIZE = 4;
    private static final int CHUNK_DATA = 5;
    private static final int CHUNK_END = 6;
    private static final int TRAILER_LINE = 7;
    private static final int DONE = 8;

    /**
     * Parses {@code b[0, end)} into the response on {@code c}; counts the body bytes in {@code c.readBody}.
     * Returns where the response ended (or {@code end}), or -1 for a malformed response ({@code c.problem}).
     */
    private int parse(Conn c, ByteBuffer b, int end) {
        int pos = 0;
        while (pos < end && c.state != DONE) {
            switch (c.state) {
                case BODY_LENGTH, CHUNK_DATA -> {
                    int k = (int) Math.min(c.remaining, end - pos);
                    body(c, b, pos, k);
                    pos += k;
                    c.remaining -= k;
                    if (c.remaining == 0) {
                        c.state = c.state == BODY_LENGTH ? DONE : CHUNK_END;
                    }
                }
                case BODY_TO_EOF -> {
                    body(c, b, pos, end - pos);
                    pos = end;
                }
                default -> {
                    // a line: status, header, chunk size, the CRLF after a chunk, trailer
                    byte x = b.get(pos++);
                    if (x == '\n') {
                        if (!line(c)) {
                            return -1;
                        }
                        c.lineLength = 0;
                    } else {
                        if (c.lineLength == c.line.length) {
                            if (c.line.length >= MAX_LINE) {
                                c.problem = "bad response: line too long";
                                return -1;
                            }
                            c.line = java.util.Arrays.copyOf(c.line, c.line.length * 2);
                        }
                        c.line[c.lineLength++] = x;
                    }
                }
            }
        }
        return pos;
    }

    private void body(Conn c, ByteBuffer b, int from, int count) {
        c.readBody += count;
        if (!stream || c.sawDone) {
            return;
        }
        int m = c.match;
        for (int i = from, to = from + count; i < to; i++) {
            byte x = b.get(i);
            if (x == DONE_MARK[m]) {
                if (++m == DONE_MARK.length) {
                    c.sawDone = true;
                    return;
                }
            } else {
                m = x == DONE_MARK[0] ? 1 : 0; // '[' occurs only at the start of the mark
            }
        }
        c.match = m;
    }

    /** One complete line in {@code c.line} (without its LF; a trailing CR is dropped). False when malformed. */
    private static boolean line(Conn c) {
        byte[] l = c.line;
        int len = c.lineLength;
        if (len > 0 && l[len - 1] == '\r') {
            len--;
        }
        switch (c.state) {
            case STATUS_LINE -> {
                if (len == 0) {
                    return true; // tolerate empty lines before the status line
                }
                // HTTP/1.x SP 3DIGIT [SP reason]
                if (len < 12 || !startsWith(l, "HTTP/1.") || l[8] != ' ' || !digit(l[9]) || !digit(l[10]) || !digit(l[11])
                        || (len > 12 && l[12] != ' ')) {
                    c.problem = "bad response: status line";
                    return false;
                }
                c.status = (l[9] - '0') * 100 + (l[10] - '0') * 10 + (l[11] - '0');
                c.keepAlive = l[7] != '0';
                c.contentLength = -1;
                c.chunked = false;
                c.state = HEADER_LINE;
            }
            case HEADER_LINE -> {
                if (len == 0) {
                    return endOfHeaders(c);
                }
                int colon = 0;
                while (colon < len && l[colon] != ':') {
                    colon++;
                }
                if (colon == len || colon == 0) {
                    c.problem = "bad response: header line";
                    return false;
                }
                int vs = colon + 1;
                int ve = len;
                while (vs < ve && (l[vs] == ' ' || l[vs] == '\t')) {
                    vs++;
                }
                while (ve > vs && (l[ve - 1] == ' ' || l[ve - 1] == '\t')) {
                    ve--;
                }
                if (name(l, colon, "content-length")) {
                    if (vs == ve || ve - vs > 18) {
                        c.problem = "bad response: content-length";
                        return false;
                    }
                    long v = 0;
                    for (int i = vs; i < ve; i++) {
                        if (!digit(l[i])) {
                            c.problem = "bad response: content-length";
                            return false;
                        }
                        v = v * 10 + (l[i] - '0');
                    }
                    c.contentLength = v;
                } else if (name(l, colon, "transfer-encoding")) {
                    if (value(l, vs, ve).contains("chunked")) {
                        c.chunked = true;
                    }
                } else if (name(l, colon, "connection")) {
                    String v = value(l, vs, ve);
                    if (v.contains("close")) {
                        c.keepAlive = false;
                    } else if (v.contains("keep-alive")) {
                        c.keepAlive = true;
                    }
                }
            }
            case CHUNK_SIZE -> {
                long size = 0;
                int i = 0;
                while (i < len && hex(l[i]) >= 0) {
                    if (i == 15) {
                        c.problem = "bad response: chunk size";
                        return false;
                    }
                    size = size * 16 + hex(l[i]);
                    i++;
                }
                // after the digits: nothing, a chunk extension (;name=value) or whitespace before one
                if (i == 0 || (i < len && l[i] != ';' && l[i] != ' ' && l[i] != '\t')) {
                    c.problem = "bad response: chunk size";
                    return false;
                }
                if (size == 0) {
                    c.state = TRAILER_LINE;
                } else {
                    c.remaining = size;
                    c.state = CHUNK_DATA;
                }
            }
            case CHUNK_END -> {
                if (len != 0) {
                    c.problem = "bad response: no CRLF after a chunk";
                    return false;
                }
                c.state = CHUNK_SIZE;
            }
            case TRAILER_LINE -> {
                if (len == 0) {
                    c.state = DONE;
                }
            }
            default -> throw new IllegalStateException("state " + c.state);
        }
        return true;
    }

    private static boolean endOfHeaders(Conn c) {
        int s = c.status;
        if (s >= 100 && s < 200 && s != 101) {
            c.state = STATUS_LINE; // an interim answer (100 Continue): the real one follows
        } else if (s == 204 || s == 304 || s == 101) {
            c.state = DONE;
            if (s == 101) {
                c.keepAlive = false;
            }
        } else if (c.chunked) {
            c.state = CHUNK_SIZE;
        } else if (c.contentLength >= 0) {
            c.remaining = c.contentLength;
            c.state = c.contentLength == 0 ? DONE : BODY_LENGTH;
        } else {
            c.state = BODY_TO_EOF; // delimited by the end of the connection
            c.keepAlive = false;
        }
        return true;
    }

    private static boolean startsWith(byte[] l, String p) {
        for (int i = 0; i < p.length(); i++) {
            if (l[i] != p.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code l[0, end)} is the header name {@code lower}, ignoring case. */
    private static boolean name(byte[] l, int end, String lower) {
        if (end != lower.length()) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            int x = l[i];
            if (x >= 'A' && x <= 'Z') {
                x += 'a' - 'A';
            }
            if (x != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String value(byte[] l, int from, int to) {
        return new String(l, from, to - from, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    private static boolean digit(byte x) {
        return x >= '0' && x <= '9';
    }

    private static int hex(byte x) {
        if (x >= '0' && x <= '9') {
            return x - '0';
        }
        if (x >= 'a' && x <= 'f') {
            return x - 'a' + 10;
        }
        if (x >= 'A' && x <= 'F') {
            return x - 'A' + 10;
        }
        return -1;
    }

    /** One connection and the request in flight on it, if any, with its response parser's state. */
    private static final class Conn {
        final SocketChannel ch;
        final ByteBuffer out;
        SelectionKey key;
        int ops;
        boolean closed;
        boolean busy;
        long due;
        // the response
        int state;
        byte[] line = new byte[256];
        int lineLength;
        int status;
        boolean keepAlive;
        boolean chunked;
        long contentLength;
        long remaining;
        String problem;
        int readBody;
        // a stream's body
        boolean bodySeen;
        long lastBody;
        int match;
        boolean sawDone;

        Conn(SocketChannel ch, ByteBuffer out) {
            this.ch = ch;
            this.out = out;
        }

        void begin(long due) {
            this.due = due;
            busy = true;
            out.clear();
            state = STATUS_LINE;
            lineLength = 0;
            status = 0;
            keepAlive = true;
            chunked = false;
            contentLength = -1;
            remaining = 0;
            problem = null;
            bodySeen = false;
            match = 0;
            sawDone = false;
        }
    }
}
