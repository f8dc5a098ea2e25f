package xyz.pura.chain;

import xyz.pura.testing.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static xyz.pura.chain.Fixtures.CHAIN_ID;
import static xyz.pura.chain.Fixtures.GROQ_SINK;
import static xyz.pura.chain.Fixtures.OPENAI_SINK;

import ch.qos.logback.classic.Level;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import xyz.pura.events.WeightUpdated;

/** Faults against a real local EVM: a dying RPC, a wrong chain, no RPC at all. */
class ChainOracleFaultTest {
    private final InMemoryPublisher published = new InMemoryPublisher();

    private ChainOracle oracle(ChainOracleConfig config) {
        return new ChainOracle(config, ChainOracleService.reader(config), published, Clock.systemUTC());
    }

    @Test
    void shouldKeepTheLastWeightsMarkThemStaleOnceAndRecoverWhenAnvilReturns() throws Exception {
        try (Anvil anvil = Anvil.start(CHAIN_ID); LogCapture logs = new LogCapture("xyz.pura.chain")) {
            // Given an oracle polling every 100 ms with a stale age of 1 s, and weights published
            TestPoolContract pool = TestPoolContract.deploy(anvil, CHAIN_ID);
            pool.updateMemberUnits(OPENAI_SINK, 100);
            pool.updateMemberUnits(GROQ_SINK, 300);
            pool.close();
            ChainOracleConfig config = Fixtures.config(anvil.url(), CHAIN_ID, PoolKind.GDA, pool.address(),
                    Duration.ofSeconds(1));
            try (ChainOracle oracle = oracle(config)) {
                oracle.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> published.fresh().size() == 2);
                long lastBlock = oracle.health().lastBlock();

                // When anvil dies
                anvil.kill();

                // Then the last weights are re-published once as stale after about 1 s, and the outage is logged once
                await().atMost(Duration.ofSeconds(10)).until(() -> published.stale().size() == 2);
                await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
                        .until(() -> published.events().size() == 4);
                assertThat(published.stale()).allSatisfy(w -> {
                    assertThat(w.eventId()).isEqualTo(CHAIN_ID + ":" + lastBlock + ":" + w.provider() + ":stale");
                    assertThat(w.units()).isEqualTo("openai".equals(w.provider()) ? 100 : 300);
                });
                assertThat(oracle.health().stale()).isTrue();
                assertThat(oracle.health().lastError()).contains("unreachable");
                assertThat(logs.lines(Level.WARN)).filteredOn(l -> l.startsWith("Chain read failed")).hasSize(1);

                // When a new anvil returns on the same port with the same pool state, past the old block
                anvil.restart();
                TestPoolContract again = TestPoolContract.deploy(anvil, CHAIN_ID);
                assertThat(again.address()).isEqualTo(pool.address());
                again.updateMemberUnits(OPENAI_SINK, 100);
                again.updateMemberUnits(GROQ_SINK, 300);
                again.close();
                anvil.rpc("anvil_mine", "0x5");

                // Then fresh weights are published again and the oracle is healthy
                await().atMost(Duration.ofSeconds(10)).until(() -> published.fresh().size() == 4);
                await().atMost(Duration.ofSeconds(5)).until(() -> oracle.health().healthy());
                assertThat(published.events().subList(4, 6)).noneMatch(WeightUpdated::stale)
                        .allMatch(w -> w.blockNumber() > lastBlock);
            }
        }
    }

    @Test
    void shouldRefuseAChainIdMismatchWithOneClearErrorLine() throws Exception {
        // Given an RPC serving anvil's default chain 31337 while Base Sepolia (84532) is configured
        try (Anvil anvil = Anvil.start(31337); LogCapture logs = new LogCapture("xyz.pura.chain")) {
            TestPoolContract pool = TestPoolContract.deploy(anvil, 31337);
            pool.updateMemberUnits(OPENAI_SINK, 100);
            pool.close();
            try (ChainOracle oracle = oracle(Fixtures.gda(anvil, pool.address()))) {
                // When the oracle polls several times
                for (int i = 0; i < 3; i++) {
                    oracle.pollOnce();
                }

                // Then it publishes nothing, says why in one ERROR line, and the health shows it
                assertThat(published.events()).isEmpty();
                assertThat(logs.lines(Level.ERROR)).singleElement().asString()
                        .contains("Chain id mismatch", "serves chain 31337 but PURA_CHAIN_ID is 84532", "refusing");
                assertThat(oracle.health().chainIdVerified()).isFalse();
                assertThat(oracle.health().lastError()).contains("Chain id mismatch");
                assertThat(oracle.health().lastBlock()).isEqualTo(-1);
            }
        }
    }

    @Test
    void shouldLogAnUnreachableRpcOnceAndPublishNothing() throws Exception {
        // Given an RPC URL where nothing listens (the offline default)
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ChainOracleConfig config = Fixtures.config("http://127.0.0.1:" + port, CHAIN_ID, PoolKind.BACKPRESSURE,
                ChainOracleConfig.DEFAULT_POOL_ADDRESS, Duration.ofSeconds(1));
        try (LogCapture logs = new LogCapture("xyz.pura.chain"); ChainOracle oracle = oracle(config)) {
            // When it polls five times
            for (int i = 0; i < 5; i++) {
                oracle.pollOnce();
            }

            // Then one WARN line, nothing published, weights stale (routing uses equal weights)
            assertThat(logs.lines(Level.WARN)).singleElement().asString()
                    .contains("unreachable", "none yet: routing uses equal weights");
            assertThat(published.events()).isEmpty();
            assertThat(oracle.health()).extracting(ChainHealth::stale, ChainHealth::lastBlock).containsExactly(true, -1L);
        }
    }
}
