package xyz.pura.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

    /** {@code 1e50000000} once took over 20 s of CPU per call: it was scaled to 50 million digits before the range check. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void shouldRefuseHugeExponentsWithoutExpandingThem() {
        for (String huge : new String[]{"1e50000000", "-1e50000000", "1e-50000000", "9.99e2147483647"}) {
            assertThatThrownBy(() -> Usd.parse(huge)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("0000000000");
            assertThatThrownBy(() -> Usd.of(new BigDecimal(huge))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldRefuseAmountsBeyondALongOfNanoDollarsAndOverlongStrings() {
        assertThat(Usd.parse("9223372036.854775807").nanos()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> Usd.parse("9223372036.854775808")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Usd.parse("1".repeat(41))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Usd.parse("ten")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAcceptTrailingZerosBeyondNineDecimals() {
        assertThat(Usd.parse("2.5000000000000").nanos()).isEqualTo(2_500_000_000L);
        assertThat(Usd.parse("0").nanos()).isZero();
        assertThat(Usd.parse("1e2").nanos()).isEqualTo(100_000_000_000L);
    }
}
