package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.app.testing.TopicReader;
import xyz.pura.chain.Anvil;
import xyz.pura.chain.TestPoolContract;
import xyz.pura.events.EventSchemas;
import xyz.pura.events.Topics;

/**
 * Pool units set on a real local EVM (anvil) reach pura.weights on the gateway's broker through the
 * chain oracle, and the router's choice between two equal-quality providers follows them.
 */
class ChainWeightsTest {
    private static final long CHAIN_ID = 84532;
    private static final String GROQ_SINK = "0x000000000000000000000000000000000000a001";
    private static final String GEMINI_SINK = "0x000000000000000000000000000000000000a002";

    @Test
    void shouldRouteCheapTrafficInProportionToOnChainUnitsBetweenEqualProviders() throws Exception {
        try (Anvil anvil = Anvil.start(CHAIN_ID); TestPoolContract pool = TestPoolContract.deploy(anvil, CHAIN_ID)) {
            pool.updateMemberUnits(GROQ_SINK, 900);
            pool.updateMemberUnits(GEMINI_SINK, 100);
            try (TestGateway gateway = TestGateway.startIsolated(Map.of(
                    "PURA_CHAIN_RPC_URL", anvil.url(), "PURA_CHAIN_ID", Long.toString(CHAIN_ID),
                    "PURA_CHAIN_POOL_KIND", "gda", "PURA_CHAIN_POOL_ADDRESS", pool.address(),
                    "PURA_CHAIN_MEMBER_GROQ", GROQ_SINK, "PURA_CHAIN_MEMBER_GEMINI", GEMINI_SINK,
                    "PURA_CHAIN_POLL_SECONDS", "1", "PURA_EXPLORATION_RATE", "0"));
                 TopicReader weights = new TopicReader(gateway.app().bootstrapServers(), Topics.WEIGHTS.name())) {
                String key = gateway.createKey("chain");

                List<JsonNode> first = weights.await(w -> w.path("units").asLong() == 900 || w.path("units").asLong() == 100, 2);
                assertThat(first).allSatisfy(w -> {
                    assertThat(EventSchemas.validate(Topics.WEIGHTS, w)).isEmpty();
                    assertThat(w.get("chainId").asLong()).isEqualTo(CHAIN_ID);
                    assertThat(w.get("totalUnits").asLong()).isEqualTo(1000);
                });
                await().atMost(Duration.ofSeconds(10)).until(() -> share(gateway, key, "groq", 200) > 0.75);

                pool.updateMemberUnits(GROQ_SINK, 100);
                pool.updateMemberUnits(GEMINI_SINK, 900);
                await().atMost(Duration.ofSeconds(15)).until(() -> share(gateway, key, "gemini", 200) > 0.75);

                JsonNode chain = TestGateway.json(gateway.get("/api/status", null).body()).at("/gateway/chain");
                assertThat(chain.get("configured").asBoolean()).isTrue();
                assertThat(chain.get("lastBlock").asLong()).isPositive();
            }
        }
    }

    private static double share(TestGateway gateway, String key, String provider, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            JsonNode route = TestGateway.json(gateway.post("/v1/route", key,
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}").body());
            counts.merge(route.get("provider").asText(), 1, Integer::sum);
        }
        return counts.getOrDefault(provider, 0) / (double) n;
    }
}
