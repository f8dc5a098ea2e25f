package xyz.pura.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void shouldNeverCountANegativeAddedFigureAsAMetTarget() {
        // the direct run stalled (p99 789 ms) while the gateway's did not: gateway minus direct is negative
        assertThat(Report.added("streams: added TTFB p99 <= 1 ms", -564.096, 1))
                .contains("not measured").endsWith("| **no** |\n");
        assertThat(Report.added("added latency at 1,000 RPS, p99 <= 1 ms", Double.NaN, 1)).endsWith("| **no** |\n");
    }

    @Test
    void shouldJudgeAnAddedFigureAgainstItsLimit() {
        assertThat(Report.added("p50 <= 0.3 ms", 0.25, 0.3)).isEqualTo("| p50 <= 0.3 ms | 0.250 ms | yes |\n");
        assertThat(Report.added("p50 <= 0.3 ms", 1.915, 0.3)).isEqualTo("| p50 <= 0.3 ms | 1.915 ms | **no** |\n");
    }

    @Test
    void shouldReportCpuPerRequestAndTheCollectorsShare() {
        String line = Report.cpuPerRequest(new Gateway.Cpu(12.0, 0.6), 30_000, 30.0);

        assertThat(line).contains("the process 400 µs per request (0.40 cores over 30 s)")
                .contains("the collector's threads 20 µs per request (5.0 % of the process)");
        assertThat(Report.cpuPerRequest(new Gateway.Cpu(Double.NaN, Double.NaN), 30_000, 30.0)).isEqualTo("CPU: not measured");
    }

    @Test
    void shouldNotCallAFailedFirstStepARate() {
        assertThat(Report.step(1500)).isEqualTo("1,500 RPS");
        assertThat(Report.step(0)).isEqualTo("none (its first step was not sustained)");
        assertThat(Report.step(Double.NaN)).isEqualTo("not run");
    }
}
