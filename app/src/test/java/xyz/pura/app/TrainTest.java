package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ahead-of-time cache's training run ({@code Main train}, and PURA_WARMUP_SECONDS): it serves the gateway's
 * real mix on a gateway of its own, every door included, and leaves nothing behind.
 */
class TrainTest {
    @Test
    void shouldServeTheTrainingMixThroughEveryDoor() throws Exception {
        // Given the mix's first 100 requests
        Set<String> paths = new HashSet<>();
        for (int n = 0; n < 100; n++) {
            paths.add(Train.request("http://127.0.0.1:1", "pura_x", n).uri().getPath());
        }
        // Then it reaches chat, Responses, Messages, embeddings and the report
        assertThat(paths).contains("/v1/chat/completions", "/v1/responses", "/v1/messages", "/v1/embeddings", "/api/report");

        // When a short training run serves it on its own gateway
        long served = Train.warm(Duration.ofSeconds(3));

        // Then its requests were answered
        assertThat(served).isGreaterThan(20);
    }

    @Test
    void shouldRefuseAWarmUpOutsideZeroToTenMinutes() {
        assertThat(Main.warmupSeconds(null)).isZero();
        assertThat(Main.warmupSeconds("30")).isEqualTo(30);
        assertThatThrownBy(() -> Main.warmupSeconds("601")).hasMessageContaining("PURA_WARMUP_SECONDS");
        assertThatThrownBy(() -> Main.warmupSeconds("soon")).hasMessageContaining("PURA_WARMUP_SECONDS");
    }
}
