package xyz.pura.app;

import java.util.ArrayList;
import java.util.List;

/**
 * The configuration problems met while reading settings, kept so that all of them are reported at once:
 * {@link #throwIfAny()} throws the one problem as it is, or one {@link IllegalArgumentException} listing
 * them all (each also a suppressed exception).
 */
final class Problems {
    private final List<String> messages = new ArrayList<>();

    /** Keeps {@code message} unless {@code ok}. */
    Problems check(boolean ok, String message) {
        if (!ok) {
            messages.add(message);
        }
        return this;
    }

    /** Keeps the problem of {@code e}, or each of its suppressed ones when it gathers several. */
    void add(IllegalArgumentException e) {
        if (e.getSuppressed().length == 0) {
            messages.add(e.getMessage());
            return;
        }
        for (Throwable each : e.getSuppressed()) {
            messages.add(each.getMessage());
        }
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    void throwIfAny() {
        if (messages.size() == 1) {
            throw new IllegalArgumentException(messages.get(0));
        }
        if (!messages.isEmpty()) {
            IllegalArgumentException all = new IllegalArgumentException(messages.size()
                    + " configuration problems:\n- " + String.join("\n- ", messages));
            messages.forEach(m -> all.addSuppressed(new IllegalArgumentException(m)));
            throw all;
        }
    }
}
