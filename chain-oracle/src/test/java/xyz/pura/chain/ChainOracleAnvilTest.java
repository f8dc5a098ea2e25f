package xyz.pura.chain;

import xyz.pura.testing.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static xyz.pura.chain.Fixtures.CHAIN_ID;
import static xyz.pura.chain.Fixtures.GROQ_SINK;
import static xyz.pura.chain.Fixtures.OPENAI_SINK;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;
import xyz.pura.events.WeightUpdated;

/** The oracle against a real local EVM (anvil) and the project's TestPool contract, GDA and BackpressurePool. */
class ChainOracleAnvilTest {
    private static Anvil anvil;
    private final InMemoryPublisher published = new InMemoryPublisher();
    private TestPoolContract pool;
    private ChainOracle oracle;

    @BeforeAll
    static void startAnvil() {
        anvil = Anvil.start(CHAIN_ID);
    }

    @AfterAll
    static void stopAnvil() {
        anvil.close();
    }

    @BeforeEach
    void deploy() throws Exception {
        pool = TestPoolContract.deploy(anvil, CHAIN_ID);
        oracle = oracle(Fixtures.gda(anvil, pool.address()));
    }

    @AfterEach
    void close() {
        oracle.close();
        pool.close();
    }

    private ChainOracle oracle(ChainOracleConfig config) {
        return new ChainOracle(config, ChainOracleService.reader(config), published, Clock.systemUTC());
    }

    @Test
    void shouldPublishMatchingWeightUpdatedWhenUnitsAreSetOnChain() throws Exception {
        // Given units set on chain
        pool.updateMemberUnits(OPENAI_SINK, 100);
        pool.updateMemberUnits(GROQ_SINK, 300);
        long block = anvil.blockNumber();

        // When the oracle polls
        oracle.pollOnce();

        // Then one update per provider, read at that block
        assertThat(published.events())
                .extracting(WeightUpdated::eventId, WeightUpdated::provider, WeightUpdated::units,
                        WeightUpdated::totalUnits, WeightUpdated::sharePpm, WeightUpdated::blockNumber,
                        WeightUpdated::chainId, WeightUpdated::pool, WeightUpdated::stale)
                .containsExactlyInAnyOrder(
                        tuple(CHAIN_ID + ":" + block + ":openai", "openai", 100L, 400L, 250_000L, block, CHAIN_ID,
                                pool.address(), false),
                        tuple(CHAIN_ID + ":" + block + ":groq", "groq", 300L, 400L, 750_000L, block, CHAIN_ID,
                                pool.address(), false));
        assertThat(oracle.health()).extracting(ChainHealth::lastBlock, ChainHealth::stale, ChainHealth::lastError,
                ChainHealth::chainIdVerified).containsExactly(block, false, null, true);
    }

    @Test
    void shouldNeverPublishTheSameValueTwice() throws Exception {
        // Given published weights
        pool.updateMemberUnits(OPENAI_SINK, 100);
        pool.updateMemberUnits(GROQ_SINK, 300);
        oracle.pollOnce();

        // When the chain moves on without changing them (a new block re-setting the same units) and the oracle polls
        pool.updateMemberUnits(GROQ_SINK, 300);
        for (int i = 0; i < 3; i++) {
            oracle.pollOnce();
        }

        // Then nothing more is published
        assertThat(published.events()).hasSize(2);

        // When one provider's units change (and with them the total)
        pool.updateMemberUnits(OPENAI_SINK, 200);
        oracle.pollOnce();
        oracle.pollOnce();

        // Then both providers are published once more, each event id unique
        assertThat(published.events()).hasSize(4);
        assertThat(published.events().subList(2, 4)).extracting(WeightUpdated::provider, WeightUpdated::units,
                WeightUpdated::totalUnits).containsExactlyInAnyOrder(tuple("openai", 200L, 500L), tuple("groq", 300L, 500L));
        assertThat(published.events()).extracting(WeightUpdated::eventId).doesNotHaveDuplicates();
    }

    @Test
    void shouldKeepTheLastGoodWeightsWhenTheContractReverts() throws Exception {
        // Given published weights
        pool.updateMemberUnits(OPENAI_SINK, 100);
        pool.updateMemberUnits(GROQ_SINK, 300);
        oracle.pollOnce();
        long goodBlock = oracle.health().lastBlock();

        try (LogCapture logs = new LogCapture("xyz.pura.chain")) {
            // When every read of the pool reverts, for several polls
            pool.setReverting(true);
            oracle.pollOnce();
            oracle.pollOnce();

            // Then the last good weights stay, nothing is published, the revert is reported once
            assertThat(published.events()).hasSize(2);
            assertThat(oracle.lastPublished().get(ProviderId.OPENAI).units()).isEqualTo(100);
            assertThat(oracle.health().lastBlock()).isEqualTo(goodBlock);
            assertThat(oracle.health().lastError()).contains("reverted");
            assertThat(logs.lines(ch.qos.logback.classic.Level.WARN)).singleElement().asString().contains("getUnits");

            // When reads work again with the same units
            pool.setReverting(false);
            oracle.pollOnce();
        }

        // Then the oracle is healthy again and publishes nothing new
        assertThat(oracle.health().lastError()).isNull();
        assertThat(published.events()).hasSize(2);
    }

    @Test
    void shouldNotPublishOlderDataAsNewAfterAReorg() throws Exception {
        // Given weights published at block b1, a snapshot of the chain there, then new units published at b2
        pool.updateMemberUnits(OPENAI_SINK, 100);
        pool.updateMemberUnits(GROQ_SINK, 300);
        oracle.pollOnce();
        String snapshot = anvil.rpc("evm_snapshot").asText();
        pool.updateMemberUnits(OPENAI_SINK, 500);
        oracle.pollOnce();
        long b2 = anvil.blockNumber();
        assertThat(published.events()).hasSize(4);

        // When the chain reorgs back below b2 (to the snapshot: openai 100 again)
        assertThat(anvil.rpc("evm_revert", snapshot).asBoolean()).isTrue();
        oracle.pollOnce();

        // Then nothing is published and the weights of b2 stay
        assertThat(published.events()).hasSize(4);
        assertThat(oracle.lastPublished().get(ProviderId.OPENAI)).extracting(WeightUpdated::units,
                WeightUpdated::blockNumber).containsExactly(500L, b2);
        assertThat(oracle.health().lastError()).contains("reorg");

        // When the new chain passes b2
        anvil.rpc("anvil_mine", "0x3");
        oracle.pollOnce();

        // Then its values are published at a newer block, and no event ever went back in blocks
        assertThat(published.events()).hasSize(6);
        assertThat(published.events()).extracting(WeightUpdated::blockNumber).isSorted();
        assertThat(oracle.lastPublished().get(ProviderId.OPENAI)).extracting(WeightUpdated::units,
                w -> w.blockNumber() > b2).containsExactly(100L, true);
    }

    @Test
    void shouldReadBackpressureMemberUnitsOfTheConfiguredTaskType() throws Exception {
        // Given a BackpressurePool-shaped pool with units for task type 0x..01 and other units for task type 0x..02
        String otherTask = "0x" + "0".repeat(63) + "2";
        pool.setMemberUnits(ChainOracleConfig.DEFAULT_TASK_TYPE, OPENAI_SINK, 30);
        pool.setMemberUnits(ChainOracleConfig.DEFAULT_TASK_TYPE, GROQ_SINK, 10);
        pool.setMemberUnits(otherTask, OPENAI_SINK, 999);
        ChainOracleConfig config = Fixtures.config(anvil.url(), CHAIN_ID, PoolKind.BACKPRESSURE, pool.address(),
                Duration.ofMinutes(15));

        // When an oracle of that kind polls
        try (ChainOracle backpressure = oracle(config)) {
            backpressure.pollOnce();
        }

        // Then the units of the task type are published, the total being their sum
        assertThat(published.events()).extracting(WeightUpdated::provider, WeightUpdated::units,
                WeightUpdated::totalUnits, WeightUpdated::sharePpm)
                .containsExactlyInAnyOrder(tuple("openai", 30L, 40L, 750_000L), tuple("groq", 10L, 40L, 250_000L));
    }
}
