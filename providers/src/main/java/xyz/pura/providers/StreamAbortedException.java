package xyz.pura.providers;

import java.io.IOException;

/** The client went away mid-stream; the upstream call was cancelled. Carries what was streamed so far. */
public class StreamAbortedException extends IOException {
    private final ChatResult partial;

    public StreamAbortedException(ChatResult partial, Throwable cause) {
        super("client disconnected mid-stream", cause);
        this.partial = partial;
    }

    public ChatResult partial() {
        return partial;
    }
}
