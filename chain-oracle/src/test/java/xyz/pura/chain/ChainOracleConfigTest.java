package xyz.pura.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;

class ChainOracleConfigTest {

    @Test
    void shouldDefaultToTheBackpressurePoolOnBaseSepolia() {
        ChainOracleConfig c = ChainOracleConfig.fromEnv(Map.of());

        assertThat(c.rpcUrl()).hasToString("https://sepolia.base.org");
        assertThat(c).extracting(ChainOracleConfig::chainId, ChainOracleConfig::poolKind, ChainOracleConfig::poolAddress,
                ChainOracleConfig::pollInterval, ChainOracleConfig::staleAfter, ChainOracleConfig::rpcTimeout)
                .containsExactly(84532L, PoolKind.BACKPRESSURE, "0x8a1f99e32d6d3d79d8aaf275000d6cbb57a8af6a",
                        Duration.ofSeconds(30), Duration.ofSeconds(900), Duration.ofSeconds(10));
        assertThat(c.taskTypeId()).hasSize(66).endsWith("01");
        assertThat(c.members()).isEmpty();
    }

    @Test
    void shouldReadMembersAndKindFromTheEnvironment() {
        ChainOracleConfig c = ChainOracleConfig.fromEnv(Map.of("PURA_CHAIN_POOL_KIND", "GDA",
                "PURA_CHAIN_MEMBER_GROQ", "0x00000000000000000000000000000000000000AB", "PURA_CHAIN_POLL_SECONDS", "5"));

        assertThat(c.poolKind()).isEqualTo(PoolKind.GDA);
        assertThat(c.members()).containsExactly(Map.entry(ProviderId.GROQ, "0x00000000000000000000000000000000000000ab"));
        assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldNameTheVariableOfAnInvalidValue() {
        assertThatThrownBy(() -> ChainOracleConfig.fromEnv(Map.of("PURA_CHAIN_MEMBER_OPENAI", "0x12")))
                .hasMessageContaining("PURA_CHAIN_MEMBER_OPENAI");
        assertThatThrownBy(() -> ChainOracleConfig.fromEnv(Map.of("PURA_CHAIN_STALE_SECONDS", "0")))
                .hasMessageContaining("PURA_CHAIN_STALE_SECONDS");
        assertThatThrownBy(() -> ChainOracleConfig.fromEnv(Map.of("PURA_CHAIN_POOL_KIND", "erc20")))
                .hasMessageContaining("gda or backpressure");
        assertThatThrownBy(() -> ChainOracleConfig.fromEnv(Map.of("PURA_CHAIN_RPC_URL", "ws://node")))
                .hasMessageContaining("PURA_CHAIN_RPC_URL");
    }

    @Test
    void shouldRedactTheRpcUrlPathWhichMayHoldAnApiKey() {
        ChainOracleConfig c = ChainOracleConfig.fromEnv(Map.of("PURA_CHAIN_RPC_URL",
                "https://base-sepolia.g.alchemy.com/v2/SECRETKEY"));

        assertThat(c.toString()).doesNotContain("SECRETKEY").contains("https://base-sepolia.g.alchemy.com/***");
        assertThat(c.rpcEndpoint()).isEqualTo("https://base-sepolia.g.alchemy.com");
    }
}
