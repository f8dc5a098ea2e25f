package xyz.pura.chain.internal;

import xyz.pura.events.ConfigProblems;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Reads and checks environment variables; every error names the variable. */
public final class Env {
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    private static final Pattern BYTES32 = Pattern.compile("0x[0-9a-f]{64}");

    private final Map<String, String> env;
    private final List<IllegalArgumentException> problems = new ArrayList<>();

    public Env(Map<String, String> env) {
        this.env = env;
    }

    /** What {@code read} gives, or {@code fallback} when it throws: the problem is kept for {@link #throwProblems()}. */
    public <T> T attempt(Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            problems.add(e);
            return fallback;
        }
    }

    /** Throws the one problem {@link #attempt} met, or one naming them all (each also a suppressed exception). */
    public void throwProblems() {
        ConfigProblems.throwAll(problems);
    }

    public Optional<String> optional(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public long longValue(String name, long fallback) {
        String v = string(name, Long.toString(fallback));
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was '" + v + "'", e);
        }
    }

    public Duration seconds(String name, long fallback) {
        return Duration.ofSeconds(longValue(name, fallback));
    }

    /** {@link #seconds}, above 0. */
    public Duration positiveSeconds(String name, long fallback) {
        Duration d = seconds(name, fallback);
        positive(name, d);
        return d;
    }

    public URI uri(String name, String fallback) {
        String v = string(name, fallback);
        try {
            return new URI(v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " is not a valid URL", e);
        }
    }

    /** An EVM address, 0x + 40 hex (any case), returned lowercase. */
    public static String address(String name, String value) {
        return hex(name, value, ADDRESS, "0x followed by 40 hex digits");
    }

    /** A bytes32 value, 0x + 64 hex (any case), returned lowercase. */
    public static String bytes32(String name, String value) {
        return hex(name, value, BYTES32, "0x followed by 64 hex digits");
    }

    public static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
    }

    private static String hex(String name, String value, Pattern pattern, String what) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!pattern.matcher(v).matches()) {
            throw new IllegalArgumentException(name + " must be " + what + ", was '" + value + "'");
        }
        return v;
    }
}
