package xyz.pura.lightning.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One BOLT11 tagged field: a 5-bit type and its data as 5-bit words (at most 1023).
 *
 * @param type  the type, e.g. {@link #PAYMENT_HASH}
 * @param words the data words, each 0..31
 */
public record TaggedField(int type, byte[] words) {
    /** {@code p}: SHA-256 payment hash, 52 words. */
    public static final int PAYMENT_HASH = 1;
    /** {@code 9}: feature bits. */
    public static final int FEATURES = 5;
    /** {@code x}: expiry in seconds (default 3600). */
    public static final int EXPIRY = 6;
    /** {@code d}: UTF-8 description. */
    public static final int DESCRIPTION = 13;
    /** {@code s}: payment secret, 52 words. */
    public static final int PAYMENT_SECRET = 16;
    /** {@code n}: payee node public key, 53 words. */
    public static final int PAYEE = 19;
    /** {@code c}: min_final_cltv_expiry_delta (default 18). */
    public static final int MIN_FINAL_CLTV = 24;
    /** Feature bit 8: var_onion_optin, required (even bit). */
    public static final int VAR_ONION_OPTIN_REQUIRED = 8;
    /** Feature bit 14: payment_secret, required (even bit). */
    public static final int PAYMENT_SECRET_REQUIRED = 14;

    /** Validates the type and the words. */
    public TaggedField {
        if (type < 0 || type > 31 || words.length > 1023) {
            throw new IllegalArgumentException("tagged field type 0..31 with at most 1023 words");
        }
        for (byte w : words) {
            if (w < 0 || w > 31) {
                throw new IllegalArgumentException("a word is 5 bits");
            }
        }
        words = words.clone();
    }

    /** A field holding bytes, zero-padded to whole words. */
    public static TaggedField ofBytes(int type, byte[] data) {
        return new TaggedField(type, Bech32.convertBits(data, 8, 5, true));
    }

    /** A field holding UTF-8 text. */
    public static TaggedField ofText(int type, String text) {
        return ofBytes(type, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A field holding a non-negative integer in the fewest big-endian words. */
    public static TaggedField ofInt(int type, long value) {
        return new TaggedField(type, Words.fromLong(value));
    }

    /** A feature field with these bits set, in the fewest words. */
    public static TaggedField ofFeatures(int... bits) {
        int highest = Arrays.stream(bits).max().orElse(-1);
        byte[] words = new byte[highest / 5 + 1];
        for (int bit : bits) {
            words[words.length - 1 - bit / 5] |= (byte) (1 << (bit % 5));
        }
        return new TaggedField(FEATURES, words);
    }

    /** The data as bytes, dropping the incomplete padding bits. */
    public byte[] bytes() {
        return Bech32.convertBits(words, 5, 8, false);
    }

    /** The data as UTF-8 text. */
    public String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** The data as a big-endian integer. */
    public long intValue() {
        return Words.toLong(words);
    }

    /** Whether a feature bit is set. */
    public boolean hasFeature(int bit) {
        int index = words.length - 1 - bit / 5;
        return index >= 0 && (words[index] & (1 << (bit % 5))) != 0;
    }

    @Override
    public byte[] words() {
        return words.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaggedField f && f.type == type && Arrays.equals(f.words, words);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "TaggedField[type=" + type + ", words=" + words.length + "]";
    }
}
