package xyz.pura.lightning.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Bolt11AmountTest {

    @ParameterizedTest
    @CsvSource({
        "10000000, 100u",     // 10,000 sat
        "1000, 10n",          // 1 sat
        "1, 10p",             // 1 msat
        "250000000, 2500u",   // 250,000 sat (the spec's coffee)
        "100000000000, 1",    // 1 BTC
        "100000000, 1m",      // 100,000 sat
        "100, 1n",            // 100 msat
        "123456, 1234560p",
        "1000000000, 10m"
    })
    void shouldUseTheShortestExactEncoding(long msat, String hrpAmount) {
        assertThat(Bolt11Amount.encode(msat)).isEqualTo(hrpAmount);
        assertThat(Bolt11Amount.decode(hrpAmount)).isEqualTo(msat);
    }

    @ParameterizedTest
    @ValueSource(strings = {"11p", "010u", "u", "", "12x", "-1u"})
    void shouldRejectAmountsTheSpecForbids(String hrpAmount) {
        assertThatThrownBy(() -> Bolt11Amount.decode(hrpAmount)).isInstanceOf(IllegalArgumentException.class);
    }
}
