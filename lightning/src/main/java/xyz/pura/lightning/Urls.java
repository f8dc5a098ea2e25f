package xyz.pura.lightning;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/** Checks shared by the config records. */
final class Urls {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private Urls() {
    }

    /**
     * An absolute http(s) base URL without query or fragment, trailing slash removed. Plain http
     * is refused except on loopback: the macaroon or API key would cross the network in clear.
     */
    static URI requireBase(URI url, String name) {
        Objects.requireNonNull(url, name);
        String scheme = url.getScheme();
        if (url.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
            throw new IllegalArgumentException(name + " must be an absolute https URL, got " + url);
        }
        if ("http".equals(scheme) && !LOOPBACK.contains(url.getHost())) {
            throw new IllegalArgumentException(name + " must use https (plain http only on loopback), got " + url);
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(name + " must not carry a query, fragment or user info");
        }
        String s = url.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : url;
    }

    static void requirePositive(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
