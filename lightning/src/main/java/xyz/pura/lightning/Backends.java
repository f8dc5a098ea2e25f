package xyz.pura.lightning;

import xyz.pura.events.ConfigProblems;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import xyz.pura.lightning.internal.DevBackend;
import xyz.pura.lightning.internal.LnbitsBackend;
import xyz.pura.lightning.internal.LndBackend;

/**
 * Chooses and builds the Lightning backend named by {@code PURA_LIGHTNING} (default {@code dev}).
 *
 * <ul>
 *   <li>{@code dev}: state under {@code <dataDir>/lightning}.</li>
 *   <li>{@code lnd}: {@code PURA_LND_URL}, one of {@code PURA_LND_MACAROON_HEX} or
 *       {@code PURA_LND_MACAROON_PATH}, optional {@code PURA_LND_TLS_CERT_PATH}.</li>
 *   <li>{@code lnbits}: {@code PURA_LNBITS_URL}, {@code PURA_LNBITS_API_KEY}.</li>
 * </ul>
 */
public final class Backends {
    private Backends() {
    }

    /**
     * Reads and validates the configuration; throws {@link IllegalArgumentException} naming the bad variable
     * (when several are bad, one whose message joins theirs and whose suppressed exceptions are each of them).
     */
    public static LightningConfig configFromEnv(Map<String, String> env, Path dataDir) {
        BackendKind kind = BackendKind.fromEnv(env.getOrDefault("PURA_LIGHTNING", "dev").isBlank()
                ? "dev" : env.getOrDefault("PURA_LIGHTNING", "dev"));
        List<IllegalArgumentException> problems = new ArrayList<>();
        return switch (kind) {
            case DEV -> new LightningConfig.Dev(dataDir.resolve("lightning"));
            case LND -> {
                URI url = attempt(problems, () -> Urls.requireBase(uri(env, "PURA_LND_URL"), "PURA_LND_URL"));
                String macaroon = attempt(problems, () -> macaroon(env));
                Path cert = attempt(problems, () -> optionalFile(env, "PURA_LND_TLS_CERT_PATH"));
                throwProblems(problems);
                yield new LightningConfig.Lnd(url, macaroon, cert, LightningConfig.DEFAULT_TIMEOUT);
            }
            case LNBITS -> {
                URI url = attempt(problems, () -> Urls.requireBase(uri(env, "PURA_LNBITS_URL"), "PURA_LNBITS_URL"));
                String key = attempt(problems, () -> required(env, "PURA_LNBITS_API_KEY"));
                throwProblems(problems);
                yield new LightningConfig.Lnbits(url, key, LightningConfig.DEFAULT_TIMEOUT);
            }
        };
    }

    private static <T> T attempt(List<IllegalArgumentException> problems, Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            problems.add(e);
            return null;
        }
    }

    private static void throwProblems(List<IllegalArgumentException> problems) {
        ConfigProblems.throwAll(problems);
    }

    /** {@link #configFromEnv} then {@link #create(LightningConfig)}. */
    public static LightningBackend fromEnv(Map<String, String> env, Path dataDir) {
        return create(configFromEnv(env, dataDir));
    }

    /** Builds the backend on the system UTC clock. */
    public static LightningBackend create(LightningConfig config) {
        return create(config, Clock.systemUTC());
    }

    /** Builds the backend; {@code clock} decides creation times and expiry (tests move it). */
    public static LightningBackend create(LightningConfig config, Clock clock) {
        return switch (config) {
            case LightningConfig.Dev dev -> DevBackend.open(dev.directory(), clock);
            case LightningConfig.Lnd lnd -> new LndBackend(lnd, clock);
            case LightningConfig.Lnbits lnbits -> new LnbitsBackend(lnbits, clock);
        };
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is required when PURA_LIGHTNING=" + env.get("PURA_LIGHTNING"));
        }
        return v.trim();
    }

    private static URI uri(Map<String, String> env, String name) {
        String v = required(env, name);
        try {
            return URI.create(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a URL: " + v, e);
        }
    }

    private static Path optionalFile(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        Path p = Path.of(v.trim());
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException(name + " is not a readable file: " + p);
        }
        return p;
    }

    /**
     * {@code PURA_LND_MACAROON_HEX}, or the file at {@code PURA_LND_MACAROON_PATH}: LND writes
     * macaroons as binary files, which are hex-encoded here; a file that already holds hex text
     * is taken as it is.
     */
    private static String macaroon(Map<String, String> env) {
        String hex = env.get("PURA_LND_MACAROON_HEX");
        String path = env.get("PURA_LND_MACAROON_PATH");
        boolean hasHex = hex != null && !hex.isBlank();
        boolean hasPath = path != null && !path.isBlank();
        if (hasHex == hasPath) {
            throw new IllegalArgumentException("set exactly one of PURA_LND_MACAROON_HEX and PURA_LND_MACAROON_PATH");
        }
        if (hasHex) {
            return hex.trim().toLowerCase(Locale.ROOT);
        }
        Path file = optionalFile(env, "PURA_LND_MACAROON_PATH");
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.ISO_8859_1).trim();
            if (!text.isEmpty() && text.length() % 2 == 0 && text.chars().allMatch(Urls::isHex)) {
                return text.toLowerCase(Locale.ROOT);
            }
            return HexFormat.of().formatHex(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read PURA_LND_MACAROON_PATH " + file, e);
        }
    }
}
