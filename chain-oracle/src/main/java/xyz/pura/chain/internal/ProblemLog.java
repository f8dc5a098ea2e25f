package xyz.pura.chain.internal;

import java.time.Instant;
import org.slf4j.Logger;

/**
 * Logs a chain problem once, when it starts (or turns into another problem), not on every poll, and
 * logs once when reads recover. Remembers the current problem for the health snapshot. Not thread-safe:
 * the oracle calls it under its own lock.
 */
public final class ProblemLog {
    private final Logger log;
    private String key;
    private String message;
    private Instant seenAt;

    public ProblemLog(Logger log) {
        this.log = log;
    }

    /**
     * Records a problem; logs it only when {@code problemKey} differs from the current one.
     *
     * @param error log at ERROR (a refusal that needs an operator) rather than WARN (transient)
     */
    public void report(String problemKey, String line, boolean error, Instant now) {
        if (!problemKey.equals(key)) {
            if (error) {
                log.error(line);
            } else {
                log.warn(line);
            }
        }
        key = problemKey;
        message = line;
        seenAt = now;
    }

    /** Clears the current problem; logs the recovery if there was one. */
    public void recovered(String line) {
        if (key != null) {
            log.info("{} (after: {})", line, message);
        }
        key = null;
        message = null;
        seenAt = null;
    }

    /** The current problem's line, null when there is none. */
    public String message() {
        return message;
    }

    /** When the current problem was last seen, null when there is none. */
    public Instant seenAt() {
        return seenAt;
    }
}
