package xyz.pura.lightning.internal;

import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;

/**
 * secp256k1 as BOLT11 uses it: deterministic (RFC 6979) low-S ECDSA over a 32-byte hash, as a
 * 64-byte compact signature plus a recovery id, and 33-byte compressed public keys.
 */
public final class Secp256k1 {
    private Secp256k1() {
    }

    /** The curve order n; a private key is in [1, n-1]. */
    public static final BigInteger ORDER = Sign.CURVE_PARAMS.getN();

    /** A compact signature and its recovery id (0..3). */
    public record RecoverableSignature(byte[] compact, int recoveryId) {
    }

    /** The 33-byte compressed public key of a private key. */
    public static byte[] compressedPublicKey(BigInteger privateKey) {
        return Sign.publicPointFromPrivate(privateKey).getEncoded(true);
    }

    /** Signs a 32-byte hash. */
    public static RecoverableSignature sign(byte[] hash32, ECKeyPair key) {
        Sign.SignatureData sig = Sign.signMessage(hash32, key, false);
        byte[] compact = new byte[64];
        System.arraycopy(sig.getR(), 0, compact, 0, 32);
        System.arraycopy(sig.getS(), 0, compact, 32, 32);
        return new RecoverableSignature(compact, sig.getV()[0] - Sign.LOWER_REAL_V);
    }

    /** Recovers the compressed public key that made {@code sig} over {@code hash32}; throws if none. */
    public static byte[] recover(byte[] hash32, byte[] compact, int recoveryId) throws SignatureException {
        if (compact.length != 64 || recoveryId < 0 || recoveryId > 3) {
            throw new SignatureException("malformed signature");
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(compact, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(compact, 32, 64));
        if (r.signum() == 0 || s.signum() == 0 || r.compareTo(ORDER) >= 0 || s.compareTo(ORDER) >= 0) {
            throw new SignatureException("signature values out of range");
        }
        BigInteger uncompressed = Sign.recoverFromSignature(recoveryId, new ECDSASignature(r, s), hash32);
        if (uncompressed == null) {
            throw new SignatureException("no public key recovers from this signature");
        }
        byte[] xy = toFixed(uncompressed, 64);
        byte[] out = new byte[33];
        out[0] = (byte) ((xy[63] & 1) == 0 ? 0x02 : 0x03);
        System.arraycopy(xy, 0, out, 1, 32);
        return out;
    }

    private static byte[] toFixed(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        return out;
    }
}
