package xyz.pura.lightning.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.web3j.crypto.ECKeyPair;

/**
 * Writes and signs BOLT11 payment requests (BOLT 11, "Payment Encoding"): human-readable part
 * {@code ln + currency + amount}, then bech32 data: a 35-bit timestamp, the tagged fields in the
 * given order, and a 65-byte signature (64-byte compact ECDSA plus recovery id) over
 * SHA-256(hrp as UTF-8 || data words regrouped into bytes, zero-padded).
 */
public final class Bolt11Encoder {
    private Bolt11Encoder() {
    }

    /**
     * Encodes and signs an invoice.
     *
     * @param currencyPrefix {@code lnbc}, {@code lntb}, {@code lnbcrt}, ...
     * @param amountMsat     positive; written in the shortest exact form
     * @param timestamp      seconds since the epoch, below 2^35
     * @param fields         the tagged fields, written in this order
     * @param key            the node key that signs
     */
    public static String encode(String currencyPrefix, long amountMsat, long timestamp, List<TaggedField> fields, ECKeyPair key) {
        String hrp = currencyPrefix + Bolt11Amount.encode(amountMsat);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(Words.fixed(timestamp, 7));
        for (TaggedField f : fields) {
            byte[] words = f.words();
            data.write(f.type());
            data.write(words.length >>> 5);
            data.write(words.length & 31);
            data.writeBytes(words);
        }
        byte[] unsigned = data.toByteArray();
        Secp256k1.RecoverableSignature sig = Secp256k1.sign(signingHash(hrp, unsigned), key);
        byte[] sig65 = new byte[65];
        System.arraycopy(sig.compact(), 0, sig65, 0, 64);
        sig65[64] = (byte) sig.recoveryId();
        data.writeBytes(Bech32.convertBits(sig65, 8, 5, true));
        return Bech32.encode(hrp, data.toByteArray());
    }

    /** SHA-256 of the hrp bytes followed by the data words (without signature) as padded bytes. */
    static byte[] signingHash(String hrp, byte[] unsignedWords) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(hrp.getBytes(StandardCharsets.UTF_8));
            sha.update(Bech32.convertBits(unsignedWords, 5, 8, true));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
