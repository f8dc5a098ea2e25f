package xyz.pura.providers.internal;

import java.io.IOException;
import okio.BufferedSource;

/**
 * Reads Server-Sent Events from a response body, one event at a time: its {@code event:} name
 * (or null) and its {@code data:} lines joined by newlines. Comments and ids are skipped.
 */
public final class SseLines {
    private final BufferedSource source;

    public record Event(String name, String data) {
    }

    public SseLines(BufferedSource source) {
        this.source = source;
    }

    /** @return the next event, or null at the end of the stream */
    public Event next() throws IOException {
        String name = null;
        StringBuilder data = null;
        String line;
        while ((line = source.readUtf8Line()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(name, data.toString());
                }
                name = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                name = value;
            } else if (field.equals("data")) {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
        }
        return data != null ? new Event(name, data.toString()) : null;
    }
}
