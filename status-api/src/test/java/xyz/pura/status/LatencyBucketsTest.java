package xyz.pura.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencyBucketsTest {

    @Test
    void shouldHaveNoPercentileWhenEmpty() {
        assertThat(new LatencyBuckets().percentile(95)).isNull();
    }

    @Test
    void shouldKeepSmallLatenciesExact() {
        LatencyBuckets b = new LatencyBuckets();
        for (long v = 0; v < 16; v++) {
            LatencyBuckets one = new LatencyBuckets();
            one.record(v);
            assertThat(one.percentile(50)).isEqualTo(v);
            b.record(v);
        }
        assertThat(b.count()).isEqualTo(16);
    }

    @Test
    void shouldReportALowerBoundWithinOneSixteenthOfTheValue() {
        for (long v = 16; v < 5_000_000; v = v * 3 / 2 + 7) {
            LatencyBuckets one = new LatencyBuckets();
            one.record(v);
            long reported = one.percentile(95);
            assertThat(reported).isLessThanOrEqualTo(v);
            assertThat((double) (v - reported) / v).isLessThan(1.0 / 16);
        }
    }

    @Test
    void shouldTakeTheNearestRankPercentile() {
        LatencyBuckets b = new LatencyBuckets();
        for (int i = 1; i <= 100; i++) {
            b.record(i < 95 ? 10 : 1000);
        }
        assertThat(b.percentile(94)).isEqualTo(10);
        assertThat(b.percentile(95)).isBetween(960L, 1000L);
    }

    @Test
    void shouldMergeAndClear() {
        LatencyBuckets a = new LatencyBuckets();
        LatencyBuckets b = new LatencyBuckets();
        a.record(5);
        b.record(7);
        a.addAll(b);
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.percentile(100)).isEqualTo(7);
        a.clear();
        assertThat(a.count()).isZero();
    }

    @Test
    void shouldRejectAPercentileOutOfRange() {
        assertThatThrownBy(() -> new LatencyBuckets().percentile(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
