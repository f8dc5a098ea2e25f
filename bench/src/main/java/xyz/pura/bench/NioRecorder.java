package xyz.pura.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a run of {@link NioLoop} counts and records into its {@link Load.Result}: requests sent, not sent and
 * in flight, each answer judged (status, {@code [DONE]} for streams) and timed from its due time, a stream's
 * time to first body bytes and the gaps between its reads, the peak of open streams, the send lag and the
 * wall time. It is the one writer of the result, so the loop's I/O code never decides what counts as ok.
 * Used by the event-loop thread only.
 */
final class NioRecorder {
    private final Load.Result r;
    private final boolean stream;
    /** The end of the sending window: answers after it are not counted in {@link Load.Result#okInWindow}. */
    private final long windowEnd;
    private final AtomicLong okInWindow = new AtomicLong();
    private int outstanding;
    /** Streams that delivered their first body bytes and have not ended. */
    private long openStreams;
    private long peakOpen;

    NioRecorder(Load.Result r, boolean stream, long windowEnd) {
        this.r = r;
        this.stream = stream;
        this.windowEnd = windowEnd;
    }

    /** Requests sent (or being connected for) whose answer has not been judged. */
    int outstanding() {
        return outstanding;
    }

    /** A request came due (whether or not it is then sent). */
    void due() {
        r.sent.incrementAndGet();
    }

    /** A due request found {@code maxOutstanding} in flight: counted as an error, not sent. */
    void notSent() {
        r.error("overload(not sent)");
    }

    /** A due request goes out. */
    void started() {
        outstanding++;
    }

    /** A request that never got a connection. */
    void connectFailed(String kind) {
        outstanding--;
        r.error(kind);
    }

    /** The last request was due; {@code maxLag}: the latest a request was sent after its due time. */
    void allDue(long maxLag) {
        r.maxSendLagNanos = maxLag;
    }

    /** The answers still outstanding at the drain deadline. */
    void drainTimedOut() {
        r.error("drain timeout");
    }

    /** The run is over: it took {@code wallNanos} from the first due time. */
    void ended(long wallNanos) {
        r.wallNanos = wallNanos;
        r.okInWindow = okInWindow.get();
    }

    /** A read that delivered body bytes of a stream: time to first byte from the due time, or a gap. */
    void bodyRead(NioConn c, long now) {
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
    void complete(NioConn c, long end) {
        finish(c);
        if (c.response.status() != 200) {
            r.error("http " + c.response.status());
        } else if (stream && !c.response.sawDone()) {
            r.incompleteStreams.incrementAndGet();
            r.error("stream without [DONE]");
        } else {
            Load.recordOk(r, c.due, end, windowEnd, okInWindow);
        }
    }

    /** The request on {@code c} failed (when one is in flight): count it. The caller drops the connection. */
    void failed(NioConn c, String kind) {
        if (c.busy) {
            finish(c);
            r.error(kind);
        }
    }

    private void finish(NioConn c) {
        c.busy = false;
        outstanding--;
        if (c.bodySeen) {
            openStreams--;
        }
    }
}
