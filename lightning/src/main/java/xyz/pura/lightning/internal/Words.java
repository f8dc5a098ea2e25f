package xyz.pura.lightning.internal;

/** Big-endian integers as 5-bit words. */
final class Words {
    private Words() {
    }

    /** The fewest words holding {@code value} (none for zero). */
    static byte[] fromLong(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative");
        }
        int n = 0;
        for (long v = value; v != 0; v >>>= 5) {
            n++;
        }
        return fixed(value, n);
    }

    /** Exactly {@code n} words (the timestamp takes 7). */
    static byte[] fixed(long value, int n) {
        if (n < 13 && (value >>> (5 * n)) != 0) {
            throw new IllegalArgumentException(value + " does not fit " + n + " words");
        }
        byte[] out = new byte[n];
        for (int i = n - 1; i >= 0; i--) {
            out[i] = (byte) (value & 31);
            value >>>= 5;
        }
        return out;
    }

    static long toLong(byte[] words) {
        if (words.length > 12) {
            throw new IllegalArgumentException("integer field longer than 60 bits");
        }
        long v = 0;
        for (byte w : words) {
            v = (v << 5) | w;
        }
        return v;
    }
}
