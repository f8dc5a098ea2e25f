package xyz.pura.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One run of {@link NioLoad}: the event loop that sends each request at its due time and does all the I/O
 * on one {@link Selector}, and the ticker that wakes it when the selector's whole-millisecond timeout would
 * be too late. It owns the schedule, the waiting and the connections (idle ones kept for reuse, new ones
 * opened when none is idle); the bytes of a response are {@link HttpResponseParser}'s, the counting and
 * timing {@link NioRecorder}'s.
 */
final class NioLoop {
    private static final long MILLI = 1_000_000;
    /**
     * How late a whole-millisecond selector timeout may wake the loop rather than arming the ticker. A park here
     * wakes some 90 µs after its time (the kernel's 50 µs timer slack and the wakeup), so a send is ~0.1 ms after its
     * due time, and a selector timeout of one period from then would wake ~0.1 ms late too. Arming the ticker costs
     * about a third of the CPU per request, so it is armed only when a rounded-up timeout would be later than this.
     */
    private static final long LATE_OK = 250_000;
    private static final int READ_BUFFER = 64 * 1024;

    private final NioRecorder rec;
    private final boolean stream;
    private final int maxOutstanding;
    private final long drainNanos;
    private final long period;
    private final long n;
    private final long t0;
    private final InetSocketAddress address;
    /** The serialized request; every connection writes a duplicate of it. */
    private final ByteBuffer request;
    /** One read buffer for all connections: each read is parsed completely before the next. */
    private final ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER);
    private final ArrayDeque<NioConn> idle = new ArrayDeque<>();
    private final Consumer<SelectionKey> onReady = this::ready;
    private Selector selector;
    /** The due time the ticker is to wake the selector at; 0: none. */
    private final AtomicLong tickAt = new AtomicLong();
    private Thread ticker;
    private volatile boolean stopping;

    /** A run sending {@code request} to {@code address}; see {@link NioLoad#open}. */
    NioLoop(Load.Result r, byte[] request, InetSocketAddress address, double rps, long durationNanos, int maxOutstanding,
            boolean stream, long drainNanos) {
        this.stream = stream;
        this.maxOutstanding = maxOutstanding;
        this.drainNanos = drainNanos;
        this.period = (long) (1e9 / rps);
        this.n = durationNanos / period;
        this.request = ByteBuffer.allocateDirect(request.length).put(request).flip();
        this.address = address;
        this.t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        this.rec = new NioRecorder(r, stream, t0 + durationNanos);
    }

    void run() throws IOException {
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
                        rec.due();
                        i++;
                        tickAt.compareAndSet(due, 0); // the loop is there already: no wakeup needed
                        if (rec.outstanding() >= maxOutstanding) {
                            rec.notSent();
                        } else {
                            rec.started();
                            send(due);
                        }
                        now = System.nanoTime();
                    } while (i < n && t0 + i * period <= now);
                }
                if (i >= n) {
                    if (drainDeadline == Long.MAX_VALUE) {
                        rec.allDue(maxLag);
                        drainDeadline = now + drainNanos;
                    }
                    if (rec.outstanding() == 0) {
                        break;
                    }
                    if (now >= drainDeadline) {
                        rec.drainTimedOut();
                        break;
                    }
                    selector.select(onReady, Math.max(1, ceilMillis(drainDeadline - now)));
                    continue;
                }
                long due = t0 + i * period;
                long wait = due - now;
                if (rec.outstanding() == 0) {
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
                NioConn.closeQuietly(k.channel());
            }
            selector.close();
            rec.ended(System.nanoTime() - t0);
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
        NioConn c;
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
            NioConn c = new NioConn(ch, request.duplicate(), stream);
            c.begin(due);
            boolean connected = ch.connect(address);
            c.key = ch.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, c);
            c.ops = connected ? 0 : SelectionKey.OP_CONNECT;
            if (connected) {
                write(c);
            }
        } catch (IOException | UnresolvedAddressException e) {
            NioConn.closeQuietly(ch);
            rec.connectFailed("connect: " + message(e));
        }
    }

    /** A selected key: finish a connect, go on writing, read. */
    private void ready(SelectionKey k) {
        NioConn c = (NioConn) k.attachment();
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

    private void write(NioConn c) {
        try {
            c.ch.write(c.out);
        } catch (IOException e) {
            fail(c, "write: " + message(e));
            return;
        }
        c.interest(c.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void read(NioConn c) {
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
            c.close(); // bytes nobody asked for
            return;
        }
        HttpResponseParser response = c.response;
        int stop = response.parse(b, got);
        if (stream && response.bodyBytes() > 0) {
            rec.bodyRead(c, now);
        }
        if (stop < 0) {
            fail(c, response.problem());
        } else if (response.done()) {
            rec.complete(c, now);
            if (stop < got || !response.keepAlive() || c.out.hasRemaining()) {
                c.close();
            } else {
                idle.addLast(c);
            }
        }
    }

    private void eof(NioConn c, long now) {
        if (!c.busy) {
            c.close();
        } else if (c.response.endAtEof()) {
            rec.complete(c, now);
            c.close();
        } else {
            fail(c, c.response.nothingYet() ? "closed before response" : "closed mid-response");
        }
    }

    /** The request on {@code c} failed (when one is in flight): count it, and drop the connection. */
    private void fail(NioConn c, String kind) {
        rec.failed(c, kind);
        c.close();
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null) {
            m = e.getClass().getSimpleName();
        }
        return m.length() > 60 ? m.substring(0, 60) : m;
    }
}
