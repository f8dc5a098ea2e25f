package xyz.pura.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewayTest {

    @Test
    void shouldReadUserAndSystemTimeAfterAThreadNameWithSpacesAndParentheses() {
        // a thread's stat line: the name is in parentheses and may hold both; utime 1234 and stime 56 ticks
        String stat = "4242 (GC Thread#0 (x)) S 1 4242 4242 0 -1 4194368 100 0 0 0 1234 56 0 0 20 0 40 0 100 0 0";

        assertThat(Gateway.cpuSeconds(stat)).isEqualTo(12.90);
    }

    @Test
    void shouldCountTheHostsBusyTicksWithoutIdleIowaitOrGuestTime() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        String line = "cpu  100 5 50 800 40 3 2 0 7 0";

        assertThat(HostCpu.total(line)).isEqualTo(1000);
        assertThat(HostCpu.busy(line)).isEqualTo(160);
        assertThat(new HostCpu(0, 160, 1000).busyCores(2)).isEqualTo(0.32);
    }

    @Test
    void shouldReportTheGeneratorsCpuPerRequestAndTheBusyCores() {
        String line = Report.restOfTheMachine(new HostCpu(9.0, 1500, 2000), 30_000, 30.0, 2);

        assertThat(line).isEqualTo("The load generator (the harness's JVM, NioLoad) 300 µs per request (0.30 cores); "
                + "the whole machine 1.50 of its 2 cores busy");
        assertThat(Report.restOfTheMachine(new HostCpu(Double.NaN, 0, 0), 30_000, 30.0, 2)).endsWith("not measured");
    }
}
