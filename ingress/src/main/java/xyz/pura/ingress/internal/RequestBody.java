package xyz.pura.ingress.internal;

import io.javalin.http.Context;
import io.javalin.http.servlet.MaxRequestSize;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.EndPoint;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;

/**
 * Reads a chat request's body, against a slow client: the whole body must arrive within {@code timeout}
 * (PURA_BODY_READ_TIMEOUT_SECONDS) and, after a first second of grace, at an average of at least
 * {@code minBytesPerSecond} (PURA_MIN_REQUEST_BYTES_PER_SECOND): each byte buys {@code 1/minBytesPerSecond} s on top
 * of the grace, so a small body is never cut for its size. A body that misses either is answered 408
 * {@code request_timeout} and its connection closed.
 *
 * <p>A read that would block has the connection's idle timeout set to the time the body has left, so a silent
 * socket fails the read (Jetty wakes the reader with a timeout) instead of holding its thread until Jetty's own idle
 * timeout; the connection's timeout is restored once the body is in. A body already buffered (the usual case: headers
 * and a small body in one packet) is read without touching the connection.
 *
 * <p>The buffer grows with what arrived (from 16 KiB, or exactly the declared length when that is smaller), so a
 * client that declares a large body and trickles it holds little memory. A body with a declared length (every OpenAI
 * SDK sends one) under 16 KiB is read into an array of exactly that length. A declared length over the limit never
 * reaches here (the ingress refuses it with 413 before reading); a chunked body past the limit is refused with 413 as
 * soon as it passes it.
 */
public final class RequestBody {
    private static final int INITIAL_BUFFER = 16 * 1024;
    private static final long GRACE_NANOS = Duration.ofSeconds(1).toNanos();
    /** How early a failed read still counts as the deadline's (the idle timeout fires at millisecond granularity). */
    private static final long SLACK_NANOS = Duration.ofMillis(50).toNanos();

    private RequestBody() {
    }

    /**
     * @param startNanos System.nanoTime() when the request's handling began (its headers were in)
     * @param minBytesPerSecond 0: no minimum rate, only the deadline
     */
    public static byte[] read(Context ctx, long startNanos, Duration timeout, long minBytesPerSecond) {
        return new Reader(ctx, startNanos, timeout.toNanos(), minBytesPerSecond).read();
    }

    /** A body that ended before its declared length: the client's fault, whichever handler was reading it. */
    public static Refused incomplete() {
        return new Refused(new Refusal.Invalid("incomplete_body", "The request body ended before its declared Content-Length.", null));
    }

    private static final class Reader {
        private final Context ctx;
        private final long start;
        private final long timeoutNanos;
        private final long minRate;
        private EndPoint endPoint;
        private long originalIdleTimeout = -1;
        private int filled;

        Reader(Context ctx, long start, long timeoutNanos, long minRate) {
            this.ctx = ctx;
            this.start = start;
            this.timeoutNanos = timeoutNanos;
            this.minRate = minRate;
        }

        byte[] read() {
            long declared = ctx.contentLength();
            long max = maxBodyBytes(ctx);
            if (declared > max) {
                throw tooLarge(); // the ingress refuses these before reading; this guards the array's size
            }
            try {
                InputStream in = ctx.req().getInputStream();
                byte[] buf = new byte[(int) Math.min(declared >= 0 ? declared : max + 1, Math.max(INITIAL_BUFFER, in.available()))];
                while (declared < 0 || filled < declared) {
                    if (filled == buf.length) {
                        if (declared < 0 && filled > max) {
                            throw tooLarge();
                        }
                        long limit = declared >= 0 ? declared : max + 1;
                        buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max(2L * buf.length, (long) filled + in.available())));
                    }
                    int n = readSome(in, buf);
                    if (n < 0) {
                        break;
                    }
                    filled += n;
                    checkPace(System.nanoTime());
                }
                if (declared < 0 && filled > max) {
                    throw tooLarge();
                }
                if (declared >= 0 && filled < declared) {
                    throw incomplete();
                }
                return filled == buf.length ? buf : Arrays.copyOf(buf, filled);
            } catch (IOException e) {
                throw incomplete();
            } finally {
                restoreIdleTimeout();
            }
        }

        /** One read; if it would block, first bounds it by the connection's idle timeout. */
        private int readSome(InputStream in, byte[] buf) throws IOException {
            long now = System.nanoTime();
            long left = due() - now;
            if (left <= 0) {
                throw timedOut(now);
            }
            if (in.available() == 0) {
                bound(left);
            }
            try {
                return in.read(buf, filled, buf.length - filled);
            } catch (IOException e) {
                long at = System.nanoTime();
                if (timeout(e) || at - due() >= -SLACK_NANOS) {
                    throw timedOut(at);
                }
                throw e;
            }
        }

        /** When the body runs out of time with what it has: its deadline, or sooner at the minimum rate. */
        private long due() {
            long deadline = start + timeoutNanos;
            if (minRate <= 0) {
                return deadline;
            }
            return Math.min(deadline, start + GRACE_NANOS + filled * 1_000_000_000L / minRate);
        }

        private void checkPace(long now) {
            if (now - due() > 0) {
                throw timedOut(now);
            }
        }

        private void bound(long leftNanos) {
            if (endPoint == null) {
                endPoint = JettyConnection.of(ctx);
                if (endPoint == null) {
                    return;
                }
                originalIdleTimeout = endPoint.getIdleTimeout();
            }
            endPoint.setIdleTimeout(Math.max(1, (leftNanos + 999_999) / 1_000_000));
        }

        private void restoreIdleTimeout() {
            if (endPoint != null && originalIdleTimeout >= 0) {
                endPoint.setIdleTimeout(originalIdleTimeout);
            }
        }

        private Refused timedOut(long now) {
            boolean deadline = now - (start + timeoutNanos) >= -SLACK_NANOS || minRate <= 0;
            String message = deadline
                    ? "The request body did not arrive within " + Duration.ofNanos(timeoutNanos).toSeconds()
                    + " s (PURA_BODY_READ_TIMEOUT_SECONDS)."
                    : "The request body arrived slower than " + minRate
                    + " bytes a second after the first second (PURA_MIN_REQUEST_BYTES_PER_SECOND).";
            return new Refused(new Refusal.TooSlow("request_timeout", message, Map.of("Connection", "close")));
        }
    }

    private static Refused tooLarge() {
        return new Refused(new Refusal.TooLarge("request_too_large", "The request body is too large."));
    }

    private static boolean timeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The size limit Javalin enforces (IngressServer sets it from PURA_MAX_BODY_BYTES). */
    private static long maxBodyBytes(Context ctx) {
        Long max = ctx.appData(MaxRequestSize.INSTANCE.getMaxRequestSizeKey());
        return max == null ? Integer.MAX_VALUE - 1 : Math.min(max, Integer.MAX_VALUE - 1);
    }
}
