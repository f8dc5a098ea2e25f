package xyz.pura.lightning.internal;

import java.security.SignatureException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads BOLT11 payment requests per the spec's reader rules: verifies the bech32 checksum and
 * the signature, skips {@code p}, {@code s}, {@code h} and {@code n} fields of the wrong length,
 * keeps unknown fields, and requires exactly one usable payment hash.
 */
public final class Bolt11Decoder {
    private static final List<String> CURRENCIES = List.of("bcrt", "bc", "tbs", "tb", "sb");
    private static final Map<Integer, Integer> FIXED_LENGTHS = Map.of(
            TaggedField.PAYMENT_HASH, 52, TaggedField.PAYMENT_SECRET, 52, 23, 52, TaggedField.PAYEE, 53);

    private Bolt11Decoder() {
    }

    /** Decodes and verifies; any defect throws {@link IllegalArgumentException}. */
    public static DecodedBolt11 decode(String paymentRequest) {
        String s = paymentRequest.strip();
        if (s.regionMatches(true, 0, "lightning:", 0, 10)) {
            s = s.substring(10);
        }
        Bech32.Decoded bech = Bech32.decode(s);
        String hrp = bech.hrp();
        if (!hrp.startsWith("ln")) {
            throw new IllegalArgumentException("not a Lightning invoice (prefix must start with ln)");
        }
        String currency = CURRENCIES.stream().filter(c -> hrp.startsWith(c, 2)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown currency prefix in " + hrp));
        String amountPart = hrp.substring(2 + currency.length());
        Long amountMsat = amountPart.isEmpty() ? null : Bolt11Amount.decode(amountPart);

        byte[] words = bech.words();
        if (words.length < 7 + 104) {
            throw new IllegalArgumentException("invoice too short");
        }
        byte[] unsigned = Arrays.copyOf(words, words.length - 104);
        byte[] sig65 = Bech32.convertBits(Arrays.copyOfRange(words, words.length - 104, words.length), 5, 8, false);
        long timestamp = Words.toLong(Arrays.copyOf(unsigned, 7));
        List<TaggedField> fields = fields(unsigned);
        if (fields.stream().filter(f -> f.type() == TaggedField.PAYMENT_HASH).count() != 1) {
            throw new IllegalArgumentException("invoice must have exactly one payment hash");
        }
        byte[] hash = Bolt11Encoder.signingHash(hrp, unsigned);
        byte[] recovered;
        try {
            recovered = Secp256k1.recover(hash, Arrays.copyOf(sig65, 64), sig65[64]);
        } catch (SignatureException e) {
            throw new IllegalArgumentException("invalid invoice signature", e);
        }
        fields.stream().filter(f -> f.type() == TaggedField.PAYEE).findFirst().ifPresent(n -> {
            if (!Arrays.equals(n.bytes(), recovered)) {
                throw new IllegalArgumentException("invoice signature does not match its payee node key");
            }
        });
        return new DecodedBolt11("ln" + currency, amountMsat, Instant.ofEpochSecond(timestamp), List.copyOf(fields), recovered);
    }

    private static List<TaggedField> fields(byte[] unsigned) {
        List<TaggedField> out = new ArrayList<>();
        int i = 7;
        while (i < unsigned.length) {
            if (i + 3 > unsigned.length) {
                throw new IllegalArgumentException("truncated tagged field");
            }
            int type = unsigned[i];
            int len = (unsigned[i + 1] << 5) | unsigned[i + 2];
            if (i + 3 + len > unsigned.length) {
                throw new IllegalArgumentException("tagged field longer than the invoice");
            }
            byte[] data = Arrays.copyOfRange(unsigned, i + 3, i + 3 + len);
            Integer fixed = FIXED_LENGTHS.get(type);
            if (fixed == null || fixed == len) {
                out.add(new TaggedField(type, data));
            }
            i += 3 + len;
        }
        return out;
    }
}
