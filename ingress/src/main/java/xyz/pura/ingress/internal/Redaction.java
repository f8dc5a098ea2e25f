package xyz.pura.ingress.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Takes secrets out of what is logged. An exception thrown while handling a request may carry a secret in its
 * message (OkHttp's refusal of a header value quotes the whole value); the log gets a copy of the exception,
 * same class name, cause chain and stack, whose messages have the request's own secrets and anything shaped
 * like a key replaced by {@code [redacted]}.
 */
public final class Redaction {
    private static final String MASK = "[redacted]";
    /** Shapes of keys: Pura's, OpenAI's, Anthropic's, Groq's, Google's, and any bearer credential. */
    private static final Pattern KEY_SHAPES = Pattern.compile(
            "pura_[0-9a-fA-F]{8,}|sk-[A-Za-z0-9_\\-]{6,}|gsk_[A-Za-z0-9]{6,}|AIza[0-9A-Za-z_\\-]{10,}|(?i:bearer)\\s+\\S+");
    private static final int MAX_CAUSES = 10;

    private Redaction() {
    }

    /** {@code text} without the given secrets (null or short values are ignored) and without key-shaped words. */
    public static String scrub(String text, List<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                out = out.replace(secret, MASK);
            }
        }
        return KEY_SHAPES.matcher(out).replaceAll(MASK);
    }

    /** A copy of {@code t} (and its causes) fit for the log. */
    public static Throwable of(Throwable t, List<String> secrets) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && chain.size() < MAX_CAUSES; c = c.getCause()) {
            chain.add(c);
        }
        Throwable copy = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            Throwable original = chain.get(i);
            copy = new Logged(original.getClass().getName(), scrub(original.getMessage(), secrets), copy);
            copy.setStackTrace(original.getStackTrace());
        }
        return copy;
    }

    /** An exception as logged: the original's class name, its scrubbed message. */
    static final class Logged extends RuntimeException {
        private final String originalClass;

        Logged(String originalClass, String message, Throwable cause) {
            super(message, cause, false, true);
            this.originalClass = originalClass;
        }

        @Override
        public String toString() {
            String m = getMessage();
            return m == null ? originalClass : originalClass + ": " + m;
        }
    }
}
