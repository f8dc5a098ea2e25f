package xyz.pura.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The HTTP/1.1 response parser of one {@link NioConn}: incremental, so a response may arrive split anywhere
 * across reads (in the status line, a header, a chunk-size line, a chunk, the {@code [DONE]} mark); it reads
 * bodies by Content-Length, by chunks (extensions and trailers tolerated) or to the end of the connection,
 * skips interim 1xx answers, and for streams watches the body for {@code [DONE]}. It owns the parse state
 * alone, apart from the event loop, so that the byte-level rules can be read (and changed) in one place.
 */
final class HttpResponseParser {
    private static final int STATUS_LINE = 0;
    private static final int HEADER_LINE = 1;
    private static final int BODY_LENGTH = 2;
    private static final int BODY_TO_EOF = 3;
    private static final int CHUNK_SIZE = 4;
    private static final int CHUNK_DATA = 5;
    private static final int CHUNK_END = 6;
    private static final int TRAILER_LINE = 7;
    private static final int DONE = 8;

    private static final int MAX_LINE = 64 * 1024;
    private static final byte[] DONE_MARK = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    /** Whether to watch the body for {@code [DONE]}. */
    private final boolean stream;
    private int state;
    private byte[] line = new byte[256];
    private int lineLength;
    private int status;
    private boolean keepAlive;
    private boolean chunked;
    private long contentLength;
    private long remaining;
    private String problem;
    /** Body bytes in the last {@link #parse}. */
    private int readBody;
    /** How much of {@link #DONE_MARK} the body has matched so far. */
    private int match;
    private boolean sawDone;

    HttpResponseParser(boolean stream) {
        this.stream = stream;
    }

    /** Ready for the response to a new request. */
    void reset() {
        state = STATUS_LINE;
        lineLength = 0;
        status = 0;
        keepAlive = true;
        chunked = false;
        contentLength = -1;
        remaining = 0;
        problem = null;
        match = 0;
        sawDone = false;
    }

    /** Whether the whole response has been parsed. */
    boolean done() {
        return state == DONE;
    }

    /** The status code (0 before the status line). */
    int status() {
        return status;
    }

    /** Whether the connection may carry another request after this response. */
    boolean keepAlive() {
        return keepAlive;
    }

    /** Whether a stream's body held {@code [DONE]}. */
    boolean sawDone() {
        return sawDone;
    }

    /** What was wrong with a malformed response. */
    String problem() {
        return problem;
    }

    /** The body bytes the last {@link #parse} consumed. */
    int bodyBytes() {
        return readBody;
    }

    /** Whether nothing of the response has arrived yet (not even part of its status line). */
    boolean nothingYet() {
        return state == STATUS_LINE && lineLength == 0;
    }

    /** The connection ended: true (and done) when the body was delimited by exactly that. */
    boolean endAtEof() {
        if (state == BODY_TO_EOF) {
            state = DONE;
            return true;
        }
        return false;
    }

    /**
     * Parses {@code b[0, end)} into the response; counts the body bytes in {@link #bodyBytes()}. Returns where
     * the response ended (or {@code end}), or -1 for a malformed response ({@link #problem()}).
     */
    int parse(ByteBuffer b, int end) {
        readBody = 0;
        int pos = 0;
        while (pos < end && state != DONE) {
            switch (state) {
                case BODY_LENGTH, CHUNK_DATA -> {
                    int k = (int) Math.min(remaining, end - pos);
                    body(b, pos, k);
                    pos += k;
                    remaining -= k;
                    if (remaining == 0) {
                        state = state == BODY_LENGTH ? DONE : CHUNK_END;
                    }
                }
                case BODY_TO_EOF -> {
                    body(b, pos, end - pos);
                    pos = end;
                }
                default -> {
                    // a line: status, header, chunk size, the CRLF after a chunk, trailer
                    byte x = b.get(pos++);
                    if (x == '\n') {
                        if (!line()) {
                            return -1;
                        }
                        lineLength = 0;
                    } else {
                        if (lineLength == line.length) {
                            if (line.length >= MAX_LINE) {
                                problem = "bad response: line too long";
                                return -1;
                            }
                            line = Arrays.copyOf(line, line.length * 2);
                        }
                        line[lineLength++] = x;
                    }
                }
            }
        }
        return pos;
    }

    private void body(ByteBuffer b, int from, int count) {
        readBody += count;
        if (!stream || sawDone) {
            return;
        }
        int m = match;
        for (int i = from, to = from + count; i < to; i++) {
            byte x = b.get(i);
            if (x == DONE_MARK[m]) {
                if (++m == DONE_MARK.length) {
                    sawDone = true;
                    return;
                }
            } else {
                m = x == DONE_MARK[0] ? 1 : 0; // '[' occurs only at the start of the mark
            }
        }
        match = m;
    }

    /** One complete line in {@code line} (without its LF; a trailing CR is dropped). False when malformed. */
    private boolean line() {
        byte[] l = line;
        int len = lineLength;
        if (len > 0 && l[len - 1] == '\r') {
            len--;
        }
        switch (state) {
            case STATUS_LINE -> {
                if (len == 0) {
                    return true; // tolerate empty lines before the status line
                }
                // HTTP/1.x SP 3DIGIT [SP reason]
                if (len < 12 || !startsWith(l, "HTTP/1.") || l[8] != ' ' || !digit(l[9]) || !digit(l[10]) || !digit(l[11])
                        || (len > 12 && l[12] != ' ')) {
                    problem = "bad response: status line";
                    return false;
                }
                status = (l[9] - '0') * 100 + (l[10] - '0') * 10 + (l[11] - '0');
                keepAlive = l[7] != '0';
                contentLength = -1;
                chunked = false;
                state = HEADER_LINE;
            }
            case HEADER_LINE -> {
                if (len == 0) {
                    return endOfHeaders();
                }
                return header(l, len);
            }
            case CHUNK_SIZE -> {
                long size = 0;
                int i = 0;
                while (i < len && hex(l[i]) >= 0) {
                    if (i == 15) {
                        problem = "bad response: chunk size";
                        return false;
                    }
                    size = size * 16 + hex(l[i]);
                    i++;
                }
                // after the digits: nothing, a chunk extension (;name=value) or whitespace before one
                if (i == 0 || (i < len && l[i] != ';' && l[i] != ' ' && l[i] != '\t')) {
                    problem = "bad response: chunk size";
                    return false;
                }
                if (size == 0) {
                    state = TRAILER_LINE;
                } else {
                    remaining = size;
                    state = CHUNK_DATA;
                }
            }
            case CHUNK_END -> {
                if (len != 0) {
                    problem = "bad response: no CRLF after a chunk";
                    return false;
                }
                state = CHUNK_SIZE;
            }
            case TRAILER_LINE -> {
                if (len == 0) {
                    state = DONE;
                }
            }
            default -> throw new IllegalStateException("state " + state);
        }
        return true;
    }

    /** A header line {@code l[0, len)}: the ones that frame the body or the connection are read, others ignored. */
    private boolean header(byte[] l, int len) {
        int colon = 0;
        while (colon < len && l[colon] != ':') {
            colon++;
        }
        if (colon == len || colon == 0) {
            problem = "bad response: header line";
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
                problem = "bad response: content-length";
                return false;
            }
            long v = 0;
            for (int i = vs; i < ve; i++) {
                if (!digit(l[i])) {
                    problem = "bad response: content-length";
                    return false;
                }
                v = v * 10 + (l[i] - '0');
            }
            contentLength = v;
        } else if (name(l, colon, "transfer-encoding")) {
            if (value(l, vs, ve).contains("chunked")) {
                chunked = true;
            }
        } else if (name(l, colon, "connection")) {
            String v = value(l, vs, ve);
            if (v.contains("close")) {
                keepAlive = false;
            } else if (v.contains("keep-alive")) {
                keepAlive = true;
            }
        }
        return true;
    }

    private boolean endOfHeaders() {
        int s = status;
        if (s >= 100 && s < 200 && s != 101) {
            state = STATUS_LINE; // an interim answer (100 Continue): the real one follows
        } else if (s == 204 || s == 304 || s == 101) {
            state = DONE;
            if (s == 101) {
                keepAlive = false;
            }
        } else if (chunked) {
            state = CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = contentLength == 0 ? DONE : BODY_LENGTH;
        } else {
            state = BODY_TO_EOF; // delimited by the end of the connection
            keepAlive = false;
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
}
