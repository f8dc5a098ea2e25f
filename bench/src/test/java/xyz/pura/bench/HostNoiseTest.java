package xyz.pura.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HostNoiseTest {

    @Test
    void shouldCountTheTimeTheSpinningThreadLost() {
        Histogram late = new Histogram(Load.MAX_TRACKABLE_US, 3);
        late.recordValue(100);
        late.recordValue(300);
        Histogram gaps = new Histogram(Load.MAX_TRACKABLE_US, 3);
        gaps.recordValue(200);
        gaps.recordValue(800);

        HostNoise noise = new HostNoise(late, gaps, 100_000_000L);

        // 1,000 µs lost in 100 ms
        assertThat(noise.lostPercent()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(noise.describe()).contains("p50 100 µs", "max 300 µs", "(2 wake-ups)", "lost the CPU 2 times",
                "20.0 per second", "longest 800 µs", "1.00 %");
    }

    @Test
    void shouldMeasureEveryWakeUpAndTheWholeSpin() {
        HostNoise noise = HostNoise.measure(50, 20_000_000L);

        assertThat(noise.wakeLateUs().getTotalCount()).isEqualTo(50);
        assertThat(noise.spinNanos()).isGreaterThanOrEqualTo(20_000_000L);
        assertThat(noise.lostPercent()).isBetween(0.0, 100.0);
    }
}
