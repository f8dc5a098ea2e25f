package xyz.pura.providers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import xyz.pura.providers.internal.HttpFailures;

class HttpFailuresTest {

    @Test
    void shouldRedactKeysThatAnUpstreamEchoesInItsError() {
        String openAi = "{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-abcdef1234567890. You can find your API key at ...\"}}";
        String google = "{\"error\":{\"code\":400,\"message\":\"API key not valid: AIzaSyA1234567890abcdefgh\",\"status\":\"INVALID_ARGUMENT\"}}";

        assertThat(HttpFailures.upstreamMessage(openAi)).contains("Incorrect API key provided").doesNotContain("sk-proj-abcdef");
        assertThat(HttpFailures.upstreamMessage(google)).contains("API key not valid").doesNotContain("AIzaSyA123");
        assertThat(HttpFailures.upstreamMessage("{\"error\":{\"message\":\"bad token gsk_ABCDEFGHIJKLMNOP\"}}")).doesNotContain("gsk_ABC");
    }

    @Test
    void shouldClassifyStatusesByFault() {
        assertThat(HttpFailures.kindOf(529)).isEqualTo(FailureKind.OVERLOADED);
        assertThat(HttpFailures.kindOf(429)).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(HttpFailures.kindOf(500).retryable()).isTrue();
        assertThat(HttpFailures.kindOf(401).retryable()).isFalse();
        assertThat(HttpFailures.kindOf(400).fault()).isEqualTo(FailureKind.Fault.CALLER);
    }
}
