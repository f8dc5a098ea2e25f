package xyz.pura.lightning.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;

/** The "1 cup coffee" example of BOLT 11 ("Examples"), decoded and re-encoded byte for byte. */
class Bolt11SpecVectorTest {
    static final String COFFEE = "lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgquk0rl77nj30yxdy8j9vdx85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0ymjpf39tuven09sam30g4vgpfna3rh";
    static final String SPEC_PRIVATE_KEY = "e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734";
    static final String SPEC_NODE_ID = "03e7156ae33b0a208d0744199163177e909e80176e55d97a2f221ede0f934dd9ad";
    static final String SPEC_HASH = "0001020304050607080900010203040506070809000102030405060708090102";

    @Test
    void shouldDecodeTheSpecExample() {
        DecodedBolt11 d = Bolt11Decoder.decode(COFFEE);

        assertThat(d.currencyPrefix()).isEqualTo("lnbc");
        assertThat(d.amountMsat()).isEqualTo(250_000_000L);
        assertThat(d.timestamp()).isEqualTo(Instant.ofEpochSecond(1496314658));
        assertThat(d.paymentHashHex()).isEqualTo(SPEC_HASH);
        assertThat(d.description()).contains("1 cup coffee");
        assertThat(d.expirySeconds()).isEqualTo(60);
        assertThat(d.payeeNodeKeyHex()).isEqualTo(SPEC_NODE_ID);
        assertThat(d.field(TaggedField.FEATURES).orElseThrow().hasFeature(TaggedField.PAYMENT_SECRET_REQUIRED)).isTrue();
    }

    @Test
    void shouldReproduceTheSpecExampleExactlyWhenSigningWithTheSpecKey() {
        ECKeyPair key = ECKeyPair.create(new BigInteger(SPEC_PRIVATE_KEY, 16));
        byte[] secret = new byte[32];
        java.util.Arrays.fill(secret, (byte) 0x11);

        String encoded = Bolt11Encoder.encode("lnbc", 250_000_000L, 1496314658L, List.of(
                TaggedField.ofBytes(TaggedField.PAYMENT_SECRET, secret),
                TaggedField.ofBytes(TaggedField.PAYMENT_HASH, HexFormat.of().parseHex(SPEC_HASH)),
                TaggedField.ofText(TaggedField.DESCRIPTION, "1 cup coffee"),
                TaggedField.ofInt(TaggedField.EXPIRY, 60),
                TaggedField.ofFeatures(TaggedField.VAR_ONION_OPTIN_REQUIRED, TaggedField.PAYMENT_SECRET_REQUIRED)), key);

        assertThat(encoded).isEqualTo(COFFEE);
    }

    @Test
    void shouldRejectATamperedInvoice() {
        String flipped = COFFEE.substring(0, 60) + (COFFEE.charAt(60) == 'q' ? 'p' : 'q') + COFFEE.substring(61);

        assertThatThrownBy(() -> Bolt11Decoder.decode(flipped)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void shouldRejectAnInvoiceWhosePayeeFieldDoesNotMatchTheSigner() {
        ECKeyPair signer = ECKeyPair.create(BigInteger.valueOf(7));
        String invoice = Bolt11Encoder.encode("lnbcrt", 1000, 1_700_000_000L, List.of(
                TaggedField.ofBytes(TaggedField.PAYMENT_HASH, HexFormat.of().parseHex(SPEC_HASH)),
                TaggedField.ofBytes(TaggedField.PAYEE, HexFormat.of().parseHex(SPEC_NODE_ID))), signer);

        assertThatThrownBy(() -> Bolt11Decoder.decode(invoice)).hasMessageContaining("payee node key");
    }
}
