package xyz.pura.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** API key material: generation, hashing and the ids derived from the hash. The secret is never stored. */
public final class Secrets {
    public static final String KEY_PREFIX = "pura_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private Secrets() {
    }

    /** {@code pura_} followed by 48 lowercase hex characters (24 random bytes). */
    public static String newKey() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + HEX.formatHex(bytes);
    }

    public static boolean looksLikeKey(String s) {
        if (s == null || s.length() != KEY_PREFIX.length() + 48 || !s.startsWith(KEY_PREFIX)) {
            return false;
        }
        for (int i = KEY_PREFIX.length(); i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    public static String sha256Hex(String secret) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HEX.formatHex(md.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The key id used on every topic: {@code key_} + the first 16 hex characters of the hash. */
    public static String keyIdOf(String sha256Hex) {
        return "key_" + sha256Hex.substring(0, 16);
    }

    /** The display prefix: the first 13 characters of the key. */
    public static String displayPrefix(String key) {
        return key.substring(0, 13);
    }
}
