package xyz.pura.lightning.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import xyz.pura.lightning.BackendKind;
import xyz.pura.lightning.Invoice;
import xyz.pura.lightning.InvoiceStatus;
import xyz.pura.lightning.LightningBackend;
import xyz.pura.lightning.LightningException;
import xyz.pura.lightning.ManualSettler;

/**
 * The {@code dev} backend: real BOLT11 invoices, signed by a node key kept under the data
 * directory, that settle only when {@link #settle} is called.
 *
 * <p>Invoices use the regtest prefix {@code lnbcrt}: they are valid, verifiable BOLT11, but no
 * mainnet or testnet wallet will try to pay them, because no real node holds this key and no
 * real money can reach it. A payer's wallet refusing them is the point; {@code settle} stands in
 * for the payment.
 */
public final class DevBackend implements LightningBackend, ManualSettler {
    /** BOLT11 prefix for Bitcoin regtest. */
    public static final String CURRENCY_PREFIX = "lnbcrt";
    /** min_final_cltv_expiry_delta written into dev invoices (LND's default). */
    public static final int MIN_FINAL_CLTV = 80;
    static final String KEY_FILE = "dev-node.key";
    static final String LOG_FILE = "dev-invoices.jsonl";

    private record Entry(Invoice invoice, Instant settledAt) {
    }

    private final NodeKey key;
    private final DevInvoiceLog log;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private DevBackend(NodeKey key, DevInvoiceLog log, List<DevInvoiceLog.Line> lines, Clock clock) {
        this.key = key;
        this.log = log;
        this.clock = clock;
        for (DevInvoiceLog.Line line : lines) {
            replay(line);
        }
    }

    /** Opens (creating if needed) the key and journal in {@code directory}. */
    public static DevBackend open(Path directory, Clock clock) {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            NodeKey key = NodeKey.loadOrCreate(directory.resolve(KEY_FILE));
            List<DevInvoiceLog.Line> lines = new ArrayList<>();
            DevInvoiceLog log = DevInvoiceLog.open(directory.resolve(LOG_FILE), lines);
            return new DevBackend(key, log, lines, clock);
        } catch (IOException e) {
            throw new LightningException(LightningException.Kind.UNAVAILABLE, "cannot open the dev Lightning state in " + directory, e);
        }
    }

    /** The node id that signs every dev invoice (33-byte compressed key, hex). */
    public String nodePublicKeyHex() {
        return key.publicKeyHex();
    }

    @Override
    public BackendKind kind() {
        return BackendKind.DEV;
    }

    @Override
    public Invoice createInvoice(long amountSat, String description, Duration expiry) {
        long expirySeconds = InvoiceArgs.validate(amountSat, description, expiry);
        byte[] preimage = randomBytes();
        byte[] paymentHash = sha256(preimage);
        Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String bolt11 = Bolt11Encoder.encode(CURRENCY_PREFIX, amountSat * 1000, created.getEpochSecond(), List.of(
                TaggedField.ofBytes(TaggedField.PAYMENT_HASH, paymentHash),
                TaggedField.ofBytes(TaggedField.PAYMENT_SECRET, randomBytes()),
                TaggedField.ofText(TaggedField.DESCRIPTION, description),
                TaggedField.ofInt(TaggedField.EXPIRY, expirySeconds),
                TaggedField.ofInt(TaggedField.MIN_FINAL_CLTV, MIN_FINAL_CLTV),
                TaggedField.ofFeatures(TaggedField.VAR_ONION_OPTIN_REQUIRED, TaggedField.PAYMENT_SECRET_REQUIRED)),
                key.keyPair());
        String hash = HexFormat.of().formatHex(paymentHash);
        Invoice invoice = new Invoice(hash, bolt11, hash, amountSat, amountSat * 1000, description, created,
                created.plusSeconds(expirySeconds));
        append(new DevInvoiceLog.Line(DevInvoiceLog.Line.CREATED, hash, bolt11, amountSat, description, created,
                invoice.expiresAt(), HexFormat.of().formatHex(preimage), null));
        entries.put(hash, new Entry(invoice, null));
        return invoice;
    }

    @Override
    public InvoiceStatus status(String paymentHash) {
        Entry e = entry(paymentHash);
        if (e.settledAt() != null) {
            return InvoiceStatus.settled(e.invoice().paymentHash(), e.settledAt());
        }
        return e.invoice().isExpiredAt(clock.instant())
                ? InvoiceStatus.expired(e.invoice().paymentHash())
                : InvoiceStatus.pending(e.invoice().paymentHash());
    }

    @Override
    public synchronized InvoiceStatus settle(String invoiceId) {
        Entry e = entry(invoiceId);
        if (e.settledAt() != null) {
            return InvoiceStatus.settled(invoiceId, e.settledAt());
        }
        Instant now = clock.instant();
        if (e.invoice().isExpiredAt(now)) {
            throw new LightningException(LightningException.Kind.EXPIRED,
                    "invoice " + invoiceId + " expired at " + e.invoice().expiresAt() + " and cannot be settled");
        }
        append(new DevInvoiceLog.Line(DevInvoiceLog.Line.SETTLED, invoiceId, null, null, null, null, null, null, now));
        entries.put(invoiceId, new Entry(e.invoice(), now));
        return InvoiceStatus.settled(invoiceId, now);
    }

    @Override
    public Optional<ManualSettler> manualSettler() {
        return Optional.of(this);
    }

    private Entry entry(String paymentHash) {
        Entry e = entries.get(InvoiceArgs.hash(paymentHash));
        if (e == null) {
            throw new LightningException(LightningException.Kind.NOT_FOUND, "no dev invoice " + paymentHash);
        }
        return e;
    }

    private void replay(DevInvoiceLog.Line line) {
        switch (line.event()) {
            case DevInvoiceLog.Line.CREATED -> entries.put(line.paymentHash(), new Entry(new Invoice(line.paymentHash(),
                    line.paymentRequest(), line.paymentHash(), line.amountSat(), line.amountSat() * 1000,
                    line.description(), line.createdAt(), line.expiresAt()), null));
            case DevInvoiceLog.Line.SETTLED -> {
                Entry e = entries.get(line.paymentHash());
                if (e == null) {
                    throw new IllegalStateException("dev journal settles unknown invoice " + line.paymentHash());
                }
                if (e.settledAt() == null) {
                    entries.put(line.paymentHash(), new Entry(e.invoice(), line.settledAt()));
                }
            }
            default -> throw new IllegalStateException("dev journal has unknown event " + line.event());
        }
    }

    private void append(DevInvoiceLog.Line line) {
        try {
            log.append(line);
        } catch (IOException e) {
            throw new LightningException(LightningException.Kind.UNAVAILABLE, "cannot write the dev invoice journal", e);
        }
    }

    private byte[] randomBytes() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
