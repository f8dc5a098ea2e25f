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
}
