package xyz.pura.chain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;
import xyz.pura.events.WeightUpdated;

/** Without a broker (the app's end-to-end test covers a real one): a failed publish is reported, not lost. */
class KafkaWeightPublisherTest {

    @Test
    void shouldThrowWhenTheBrokerDoesNotAcknowledgeInTime() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        WeightUpdated update = WeightUpdated.fresh(ProviderId.GROQ, 1, 2, 3, Fixtures.CHAIN_ID,
                ChainOracleConfig.DEFAULT_POOL_ADDRESS, Instant.now(), Instant.now());
        try (KafkaWeightPublisher publisher = new KafkaWeightPublisher("127.0.0.1:" + port, Map.of(),
                Duration.ofMillis(500))) {
            assertThatThrownBy(() -> publisher.publish(update)).isInstanceOf(KafkaException.class)
                    .hasMessageContaining("84532:3:groq");
        }
    }
}
