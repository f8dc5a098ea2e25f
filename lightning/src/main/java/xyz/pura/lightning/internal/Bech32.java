package xyz.pura.lightning.internal;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Bech32 (BIP-173, the original checksum constant 1, not bech32m) without BIP-173's 90-character
 * limit, which BOLT 11 lifts. Data is handled as 5-bit words.
 */
public final class Bech32 {
    static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    private Bech32() {
    }

    /** A decoded string: the human-readable part (lower case) and the data words without checksum. */
    public record Decoded(String hrp, byte[] words) {
    }

    /** Encodes {@code hrp} (lower case) and 5-bit {@code words}, appending the 6-word checksum. */
    public static String encode(String hrp, byte[] words) {
        byte[] checksum = checksum(hrp, words);
        StringBuilder sb = new StringBuilder(hrp.length() + 1 + words.length + 6).append(hrp).append('1');
        for (byte w : words) {
            sb.append(CHARSET.charAt(w));
        }
        for (byte w : checksum) {
            sb.append(CHARSET.charAt(w));
        }
        return sb.toString();
    }

    /** Decodes and verifies the checksum; mixed case, bad characters or a bad checksum throw. */
    public static Decoded decode(String s) {
        if (!s.equals(s.toLowerCase(Locale.ROOT)) && !s.equals(s.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("bech32 string mixes upper and lower case");
        }
        String lower = s.toLowerCase(Locale.ROOT);
        int sep = lower.lastIndexOf('1');
        if (sep < 1 || sep + 7 > lower.length()) {
            throw new IllegalArgumentException("bech32 separator misplaced");
        }
        String hrp = lower.substring(0, sep);
        for (char c : hrp.toCharArray()) {
            if (c < 33 || c > 126) {
                throw new IllegalArgumentException("bech32 human-readable part has an invalid character");
            }
        }
        byte[] all = new byte[lower.length() - sep - 1];
        for (int i = 0; i < all.length; i++) {
            int v = CHARSET.indexOf(lower.charAt(sep + 1 + i));
            if (v < 0) {
                throw new IllegalArgumentException("bech32 data has an invalid character");
            }
            all[i] = (byte) v;
        }
        if (polymod(hrp, all) != 1) {
            throw new IllegalArgumentException("bech32 checksum mismatch");
        }
        return new Decoded(hrp, Arrays.copyOf(all, all.length - 6));
    }

    /** Regroups bits: 8-to-5 with zero padding ({@code pad}), or 5-to-8 dropping the incomplete tail. */
    public static byte[] convertBits(byte[] in, int from, int to, boolean pad) {
        int acc = 0;
        int bits = 0;
        int maxv = (1 << to) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * from / to + 1);
        for (byte b : in) {
            int value = b & 0xff;
            if ((value >>> from) != 0) {
                throw new IllegalArgumentException("value out of range for " + from + " bits");
            }
            acc = (acc << from) | value;
            bits += from;
            while (bits >= to) {
                bits -= to;
                out.write((acc >>> bits) & maxv);
            }
        }
        if (pad && bits > 0) {
            out.write((acc << (to - bits)) & maxv);
        }
        return out.toByteArray();
    }

    private static byte[] checksum(String hrp, byte[] words) {
        byte[] values = Arrays.copyOf(words, words.length + 6);
        int mod = polymod(hrp, values) ^ 1;
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
        }
        return out;
    }

    private static int polymod(String hrp, byte[] data) {
        int chk = 1;
        for (int i = 0; i < hrp.length(); i++) {
            chk = step(chk, hrp.charAt(i) >>> 5);
        }
        chk = step(chk, 0);
        for (int i = 0; i < hrp.length(); i++) {
            chk = step(chk, hrp.charAt(i) & 31);
        }
        for (byte d : data) {
            chk = step(chk, d);
        }
        return chk;
    }

    private static int step(int chk, int value) {
        int top = chk >>> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        for (int i = 0; i < 5; i++) {
            if (((top >>> i) & 1) != 0) {
                chk ^= GENERATOR[i];
            }
        }
        return chk;
    }
}
