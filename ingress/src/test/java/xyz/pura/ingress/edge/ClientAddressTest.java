package xyz.pura.ingress.edge;

import xyz.pura.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private final ClientAddress behindProxy = ClientAddress.trusting("10.0.0.0/8, ::1");

    @Test
    void shouldIgnoreForwardedForFromAnUntrustedPeer() {
        assertThat(ClientAddress.direct().of("203.0.113.7", "198.51.100.1")).isEqualTo("203.0.113.7");
        assertThat(behindProxy.of("203.0.113.7", "198.51.100.1")).isEqualTo("203.0.113.7");
    }

    @Test
    void shouldTakeTheNearestUntrustedHopBehindATrustedProxy() {
        assertThat(behindProxy.of("10.1.2.3", "198.51.100.1")).isEqualTo("198.51.100.1");
        // the client wrote the left part itself: only the hop the trusted proxies saw counts
        assertThat(behindProxy.of("10.1.2.3", "1.2.3.4, 198.51.100.1, 10.9.9.9")).isEqualTo("198.51.100.1");
        assertThat(behindProxy.of("::1", "[2001:db8::5]")).isEqualTo("2001:db8:0:0::/64");
    }

    @Test
    void shouldStopAtAMalformedHopAndNeverLookANameUp() {
        assertThat(behindProxy.of("10.1.2.3", "evil.example, 10.9.9.9")).isEqualTo("10.9.9.9");
        assertThat(behindProxy.of("10.1.2.3", "999.1.1.1")).isEqualTo("10.1.2.3");
        assertThat(behindProxy.of("10.1.2.3", "localhost")).isEqualTo("10.1.2.3");
        assertThat(behindProxy.of("10.1.2.3", "x".repeat(5000))).isEqualTo("10.1.2.3");
        assertThat(ClientAddress.literal("dead.beef")).isNull();
        assertThat(ClientAddress.literal("\u00e9t\u00e9")).isNull();
    }

    @Test
    void shouldGroupIpv6ByItsSlash64AndIpv4MappedAsIpv4() {
        ClientAddress direct = ClientAddress.direct();
        assertThat(direct.of("2001:db8:1:2:aaaa::1", null)).isEqualTo(direct.of("2001:db8:1:2:ffff:1:2:3", null))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(direct.of("2001:db8:1:3::1", null)).isNotEqualTo(direct.of("2001:db8:1:2::1", null));
        assertThat(direct.of("::ffff:192.0.2.1", null)).isEqualTo("192.0.2.1");
    }

    @Test
    void shouldRefuseATrustedProxyListThatIsNotAddresses() {
        assertThatThrownBy(() -> ClientAddress.trusting("proxy.internal")).hasMessageContaining("PURA_TRUSTED_PROXIES");
        assertThatThrownBy(() -> ClientAddress.trusting("10.0.0.0/33")).hasMessageContaining("prefix length");
    }

    @Test
    void shouldGrantTheFreeTierToTheFirstKeysOfAClientEachDayAndBoundTheTable() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
        FreeTierAllowance allowance = new FreeTierAllowance(2, 3, clock);
        assertThat(allowance.grant("a")).isTrue();
        assertThat(allowance.grant("a")).isTrue();
        assertThat(allowance.grant("a")).isFalse();
        assertThat(allowance.grant("b")).isTrue();
        assertThat(allowance.grant("c")).isTrue();
        assertThat(allowance.grant("d")).as("past the table's bound, a new client gets no free tier").isFalse();
        clock.set(Instant.parse("2026-12-08T00:00:01Z"));
        assertThat(allowance.grant("a")).as("a new UTC day").isTrue();
        assertThat(new FreeTierAllowance(-1, 1, clock).grant("x")).isTrue();
    }
}
