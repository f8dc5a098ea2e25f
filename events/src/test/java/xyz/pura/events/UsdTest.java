package xyz.pura.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UsdTest {

    @Test
    void shouldPrintNineDecimals() {
        assertThat(Usd.ofNanos(412_500).toString()).isEqualTo("0.000412500");
        assertThat(Usd.ofNanos(10 * Usd.NANOS_PER_USD).toString()).isEqualTo("10.000000000");
    }

    @Test
    void shouldParseDecimalsExactly() {
        assertThat(Usd.parse("10").nanos()).isEqualTo(10_000_000_000L);
        assertThat(Usd.parse("0.01").nanos()).isEqualTo(10_000_000L);
        assertThat(Usd.parse("0.000000001").nanos()).isEqualTo(1L);
    }

    @Test
    void shouldRefuseSubNanoAmounts() {
        assertThatThrownBy(() -> Usd.parse("0.0000000001")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAddWithoutLosingPrecision() {
        Usd sum = Usd.ZERO;
        for (int i = 0; i < 10; i++) {
            sum = sum.plus(Usd.parse("0.1"));
        }
        assertThat(sum).isEqualTo(Usd.parse("1"));
    }
}
