package xyz.pura.lightning.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.ECKeyPair;
import org.web3j.utils.Numeric;

/**
 * The dev node's secp256k1 key: generated once, kept as hex in a file readable only by its
 * owner (mode 600), and reused on every start so invoices keep one payee.
 */
public final class NodeKey {
    private static final Logger LOG = LoggerFactory.getLogger(NodeKey.class);
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final ECKeyPair keyPair;
    private final byte[] publicKey;

    private NodeKey(BigInteger privateKey) {
        if (privateKey.signum() <= 0 || privateKey.compareTo(Secp256k1.ORDER) >= 0) {
            throw new IllegalArgumentException("private key out of range");
        }
        this.keyPair = ECKeyPair.create(privateKey);
        this.publicKey = Secp256k1.compressedPublicKey(privateKey);
    }

    /** Reads the key at {@code file}, or creates it there (mode 600) when absent. */
    public static NodeKey loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            create(file);
        }
        tighten(file);
        String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            return new NodeKey(new BigInteger(1, HexFormat.of().parseHex(hex)));
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt dev node key in " + file + ": delete it to make a new one", e);
        }
    }

    /** The signing key. */
    public ECKeyPair keyPair() {
        return keyPair;
    }

    /** The 33-byte compressed public key (the node id). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The node id in hex. */
    public String publicKeyHex() {
        return HexFormat.of().formatHex(publicKey);
    }

    @Override
    public String toString() {
        return "NodeKey[" + publicKeyHex() + "]";
    }

    private static void create(Path file) throws IOException {
        SecureRandom random = new SecureRandom();
        BigInteger k;
        do {
            k = new BigInteger(256, random);
        } while (k.signum() == 0 || k.compareTo(Secp256k1.ORDER) >= 0);
        byte[] fixed = Numeric.toBytesPadded(k, 32);
        Path tmp = Files.createTempFile(file.getParent(), "dev-node", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(tmp, HexFormat.of().formatHex(fixed) + "\n", StandardCharsets.US_ASCII);
            try {
                // a hard link never replaces: a key written meanwhile by another process wins
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException e) {
                LOG.info("dev node key appeared concurrently at {}; using it", file);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        LOG.info("created dev Lightning node key {}", file);
    }

    private static void tighten(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!perms.equals(OWNER_ONLY)) {
            LOG.warn("dev node key {} had permissions {}; setting 600", file, PosixFilePermissions.toString(perms));
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }
}
