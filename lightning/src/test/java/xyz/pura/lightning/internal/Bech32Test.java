package xyz.pura.lightning.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Bech32Test {

    @Test
    void shouldAcceptBip173ValidVectors() {
        assertThat(Bech32.decode("A12UEL5L").hrp()).isEqualTo("a");
        assertThat(Bech32.decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw").words()).hasSize(32);
    }

    @Test
    void shouldRejectACorruptedChecksumAndMixedCase() {
        assertThatThrownBy(() -> Bech32.decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxx")).hasMessageContaining("checksum");
        assertThatThrownBy(() -> Bech32.decode("A12uEL5L")).hasMessageContaining("case");
    }

    @Test
    void shouldRoundTripBeyondNinetyCharacters() {
        byte[] words = new byte[500];
        for (int i = 0; i < words.length; i++) {
            words[i] = (byte) (i % 32);
        }
        String s = Bech32.encode("lnbcrt10n", words);

        assertThat(s.length()).isGreaterThan(90);
        assertThat(Bech32.decode(s).words()).isEqualTo(words);
    }
}
