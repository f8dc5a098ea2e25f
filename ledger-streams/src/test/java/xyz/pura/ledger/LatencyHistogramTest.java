package xyz.pura.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import xyz.pura.ledger.internal.LatencyHistogram;

class LatencyHistogramTest {

    @Test
    void shouldKeepEveryValueWithinOneSixtyFourthOfItsBucket() {
        for (long v = 0; v < 2_000_000; v += 7) {
            long lower = LatencyHistogram.lowerBound(LatencyHistogram.index(v));
            assertThat(lower).isLessThanOrEqualTo(v);
            assertThat((v - lower) * 64).isLessThanOrEqualTo(v);
        }
    }

    @Test
    void shouldTakeTheNearestRankPercentile() {
        TreeMap<Integer, Long> h = new TreeMap<>();
        for (long v = 1; v <= 100; v++) {
            h.merge(LatencyHistogram.index(v), 1L, Long::sum);
        }
        assertThat(LatencyHistogram.percentile(h, 100, 95)).isEqualTo(95);
        assertThat(LatencyHistogram.percentile(h, 100, 100)).isEqualTo(100);
        assertThat(LatencyHistogram.percentile(new TreeMap<>(), 0, 95)).isNull();
    }
}
