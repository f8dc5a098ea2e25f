package xyz.pura.chain;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import xyz.pura.events.ProviderId;

/** Member addresses and configurations shared by the tests. */
final class Fixtures {
    static final long CHAIN_ID = ChainOracleConfig.BASE_SEPOLIA;
    static final String OPENAI_SINK = "0x00000000000000000000000000000000000000a1";
    static final String GROQ_SINK = "0x00000000000000000000000000000000000000a2";
    static final Map<ProviderId, String> MEMBERS = Map.of(ProviderId.OPENAI, OPENAI_SINK, ProviderId.GROQ, GROQ_SINK);

    private Fixtures() {
    }

    /** Polls every 100 ms, stale after {@code staleAfter}, 2 s RPC timeout. */
    static ChainOracleConfig config(String rpcUrl, long chainId, PoolKind kind, String pool, Duration staleAfter) {
        return new ChainOracleConfig(URI.create(rpcUrl), chainId, kind, pool, ChainOracleConfig.DEFAULT_TASK_TYPE,
                MEMBERS, Duration.ofMillis(100), staleAfter, Duration.ofSeconds(2));
    }

    static ChainOracleConfig gda(Anvil anvil, String pool) {
        return config(anvil.url(), CHAIN_ID, PoolKind.GDA, pool, Duration.ofMinutes(15));
    }
}
