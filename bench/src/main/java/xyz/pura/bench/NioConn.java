package xyz.pura.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One keep-alive connection of {@link NioLoop} and the request in flight on it, if any: the channel, its
 * selection key and interest set, the request bytes still to write, the due time the latency runs from,
 * when a stream's body was last read, and the connection's {@link HttpResponseParser}. The loop drives it;
 * it holds the state so that the loop can stay about scheduling and I/O.
 */
final class NioConn {
    final SocketChannel ch;
    /** The request; a duplicate of the run's serialized request, rewound for every request. */
    final ByteBuffer out;
    final HttpResponseParser response;
    SelectionKey key;
    /** The interest set last given to {@link #key}. */
    int ops;
    boolean closed;
    /** A request is in flight. */
    boolean busy;
    /** When the request in flight was due. */
    long due;
    // a stream's body
    boolean bodySeen;
    long lastBody;

    NioConn(SocketChannel ch, ByteBuffer out, boolean stream) {
        this.ch = ch;
        this.out = out;
        this.response = new HttpResponseParser(stream);
    }

    /** The request due at {@code due} starts on this connection. */
    void begin(long due) {
        this.due = due;
        busy = true;
        out.clear();
        response.reset();
        bodySeen = false;
    }

    /** Sets the interest set (a system call only when it changes). */
    void interest(int ops) {
        if (this.ops != ops) {
            key.interestOps(ops);
            this.ops = ops;
        }
    }

    void close() {
        if (!closed) {
            closed = true;
            closeQuietly(ch);
        }
    }

    static void closeQuietly(Channel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
