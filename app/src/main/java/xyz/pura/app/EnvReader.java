package xyz.pura.app;

import java.util.Map;
import java.util.function.Supplier;
import xyz.pura.events.Usd;

/**
 * Reads the launcher's environment variables. A bad value is kept in {@link #problems()} and its default
 * stands in, so that reading goes on and every problem is reported at once.
 */
final class EnvReader {
    private final Map<String, String> env;
    private final Problems problems = new Problems();

    EnvReader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The variables, for the modules' own {@code fromEnv} factories (run them through {@link #of}). */
    Map<String, String> env() {
        return env;
    }

    Problems problems() {
        return problems;
    }

    /** The value as it is set, or null. */
    String raw(String name) {
        return env.get(name);
    }

    /** The value as it is set (blank included), else {@code dflt}. */
    String string(String name, String dflt) {
        return env.getOrDefault(name, dflt);
    }

    /** What {@code read} builds; when it throws, its problems are kept and {@code fallback} is returned. */
    <T> T of(Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            problems.add(e);
            return fallback;
        }
    }

    /** A whole number; absent or blank: {@code dflt}. */
    int integer(String name, int dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            problems.check(false, name + " must be a whole number, not '" + v + "'");
            return dflt;
        }
    }

    /** A whole number of 1 or more; absent or blank: 0, which the caller reads as {@code unsetMeans}. */
    int positiveOrUnset(String name, String unsetMeans) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.check(false, name + " must be 1 or more (unset: " + unsetMeans + "), not '" + v + "'");
        return 0;
    }

    /** {@code true} or {@code false} (any case); absent or blank: {@code dflt}. */
    boolean bool(String name, boolean dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        String t = v.trim();
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(t);
        }
        problems.check(false, name + " must be true or false, not '" + v + "'");
        return dflt;
    }

    /** A USD amount; absent or blank: {@code dflt}. */
    Usd usd(String name, String dflt) {
        String v = env.get(name);
        try {
            return Usd.parse(v == null || v.isBlank() ? dflt : v);
        } catch (IllegalArgumentException e) {
            problems.check(false, name + " must be a USD amount such as 10 or 2.50, not '" + v + "'");
            return Usd.parse(dflt);
        }
    }
}
