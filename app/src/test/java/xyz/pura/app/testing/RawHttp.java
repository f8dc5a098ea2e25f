package xyz.pura.app.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, byte for byte: for what a well-behaved client library refuses to send (invalid
 * UTF-8 or control characters in a header, headers of any size). Each request closes its connection.
 */
public final class RawHttp {
    /** An answer: its status code and body ({@code status} -1: the connection closed without a status line). */
    public record Answer(int status, String head, String body) {
    }

    private RawHttp() {
    }

    /**
     * Sends {@code method path} with the given raw header lines (each without CRLF, bytes as given in
     * ISO-8859-1) and body, and reads the whole answer (10 s at most).
     */
    public static Answer send(String baseUrl, String method, String path, byte[][] headerLines, byte[] body) throws IOException {
        URI uri = URI.create(baseUrl);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            req.writeBytes((method + " " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nConnection: close\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            for (byte[] line : headerLines) {
                req.writeBytes(line);
                req.writeBytes(new byte[]{'\r', '\n'});
            }
            if (body != null) {
                req.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            req.writeBytes(new byte[]{'\r', '\n'});
            if (body != null) {
                req.writeBytes(body);
            }
            try {
                out.write(req.toByteArray());
                out.flush();
            } catch (IOException refusedMidway) {
                // the server may answer (431, 413) and close before it has read everything: read what it said
            }
            return parse(readAll(socket.getInputStream()));
        }
    }

    /** The whole answer on a connection the caller opened and wrote, read to its end (or to a reset or timeout). */
    public static Answer read(InputStream in) {
        return parse(readAll(in));
    }

    /** A header line from text whose characters are taken as single bytes (so {@code \u00e9} is the byte 0xE9). */
    public static byte[] line(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readAll(InputStream in) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                buf.write(chunk, 0, n);
            }
        } catch (IOException resetOrTimeout) {
            // what arrived before the reset is the answer
        }
        return buf.toByteArray();
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            return new Answer(-1, text, "");
        }
        int status = Integer.parseInt(text.substring(9, 12));
        String head = text.substring(0, end);
        String body = text.substring(end + 4);
        if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Answer(status, head, body);
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int eol = chunked.indexOf("\r\n", at);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, eol + 2, Math.min(chunked.length(), eol + 2 + size));
            at = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
