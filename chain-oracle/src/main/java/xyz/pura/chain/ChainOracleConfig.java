package xyz.pura.chain;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import xyz.pura.chain.internal.Env;
import xyz.pura.events.ProviderId;

/**
 * The chain oracle's configuration, validated; defaults in {@link #fromEnv(Map)}. The RPC URL prints
 * redacted (hosted RPC URLs carry API keys in their path or query).
 *
 * @param rpcUrl JSON-RPC endpoint, http or https ({@code PURA_CHAIN_RPC_URL})
 * @param chainId the chain the RPC must serve; any other is refused ({@code PURA_CHAIN_ID})
 * @param poolKind which contract shape to read ({@code PURA_CHAIN_POOL_KIND})
 * @param poolAddress the pool contract, 0x + 40 hex, stored lowercase ({@code PURA_CHAIN_POOL_ADDRESS})
 * @param taskTypeId the BackpressurePool task type, 0x + 64 hex, lowercase ({@code PURA_CHAIN_TASK_TYPE})
 * @param members each provider's member (sink) address; providers without one are not read
 * @param pollInterval time between polls ({@code PURA_CHAIN_POLL_SECONDS})
 * @param staleAfter last good weights older than this are published once as stale ({@code PURA_CHAIN_STALE_SECONDS})
 * @param rpcTimeout connect, read and whole-call timeout of one RPC ({@code PURA_CHAIN_RPC_TIMEOUT_SECONDS})
 */
public record ChainOracleConfig(URI rpcUrl, long chainId, PoolKind poolKind, String poolAddress, String taskTypeId,
                                Map<ProviderId, String> members, Duration pollInterval, Duration staleAfter,
                                Duration rpcTimeout) {
    /** Base Sepolia. */
    public static final long BASE_SEPOLIA = 84532L;
    public static final String DEFAULT_RPC_URL = "https://sepolia.base.org";
    /** Pura's BackpressurePool on Base Sepolia. */
    public static final String DEFAULT_POOL_ADDRESS = "0x8a1f99e32d6d3d79d8aaf275000d6cbb57a8af6a";
    /** Task type 0x..01. */
    public static final String DEFAULT_TASK_TYPE = "0x" + "0".repeat(63) + "1";

    public ChainOracleConfig {
        checkRpcUrl(rpcUrl);
        if (chainId <= 0 || poolKind == null) {
            throw new IllegalArgumentException("PURA_CHAIN_ID must be > 0 and PURA_CHAIN_POOL_KIND set");
        }
        poolAddress = Env.address("PURA_CHAIN_POOL_ADDRESS", poolAddress);
        taskTypeId = Env.bytes32("PURA_CHAIN_TASK_TYPE", taskTypeId);
        EnumMap<ProviderId, String> copy = new EnumMap<>(ProviderId.class);
        members.forEach((p, a) -> copy.put(p, Env.address("PURA_CHAIN_MEMBER_" + p.name(), a)));
        members = Collections.unmodifiableMap(copy);
        Env.positive("PURA_CHAIN_POLL_SECONDS", pollInterval);
        Env.positive("PURA_CHAIN_STALE_SECONDS", staleAfter);
        Env.positive("PURA_CHAIN_RPC_TIMEOUT_SECONDS", rpcTimeout);
    }

    private static URI checkRpcUrl(URI rpcUrl) {
        if (rpcUrl == null || rpcUrl.getHost() == null
                || !("http".equals(rpcUrl.getScheme()) || "https".equals(rpcUrl.getScheme()))) {
            throw new IllegalArgumentException("PURA_CHAIN_RPC_URL must be an http(s) URL with a host");
        }
        return rpcUrl;
    }

    /** From the process environment. */
    public static ChainOracleConfig fromEnv() {
        return fromEnv(System.getenv());
    }

    /**
     * From the given variables; absent or blank ones take their defaults.
     *
     * @throws IllegalArgumentException naming the variable when a value is malformed; when several are, one
     *     whose message joins theirs and whose suppressed exceptions are each of them
     */
    public static ChainOracleConfig fromEnv(Map<String, String> env) {
        Env e = new Env(env);
        EnumMap<ProviderId, String> members = new EnumMap<>(ProviderId.class);
        for (ProviderId p : ProviderId.values()) {
            String name = "PURA_CHAIN_MEMBER_" + p.name();
            e.optional(name).ifPresent(a -> e.attempt(() -> members.put(p, Env.address(name, a)), null));
        }
        URI rpcUrl = e.attempt(() -> checkRpcUrl(e.uri("PURA_CHAIN_RPC_URL", DEFAULT_RPC_URL)), URI.create(DEFAULT_RPC_URL));
        long chainId = e.attempt(() -> {
            long id = e.longValue("PURA_CHAIN_ID", BASE_SEPOLIA);
            if (id <= 0) {
                throw new IllegalArgumentException("PURA_CHAIN_ID must be > 0 and PURA_CHAIN_POOL_KIND set");
            }
            return id;
        }, BASE_SEPOLIA);
        PoolKind poolKind = e.attempt(() -> PoolKind.parse(e.string("PURA_CHAIN_POOL_KIND",
                PoolKind.BACKPRESSURE.wireName())), PoolKind.BACKPRESSURE);
        String pool = e.attempt(() -> Env.address("PURA_CHAIN_POOL_ADDRESS",
                e.string("PURA_CHAIN_POOL_ADDRESS", DEFAULT_POOL_ADDRESS)), DEFAULT_POOL_ADDRESS);
        String taskType = e.attempt(() -> Env.bytes32("PURA_CHAIN_TASK_TYPE",
                e.string("PURA_CHAIN_TASK_TYPE", DEFAULT_TASK_TYPE)), DEFAULT_TASK_TYPE);
        Duration poll = e.attempt(() -> e.positiveSeconds("PURA_CHAIN_POLL_SECONDS", 30), Duration.ofSeconds(30));
        Duration stale = e.attempt(() -> e.positiveSeconds("PURA_CHAIN_STALE_SECONDS", 900), Duration.ofSeconds(900));
        Duration timeout = e.attempt(() -> e.positiveSeconds("PURA_CHAIN_RPC_TIMEOUT_SECONDS", 10), Duration.ofSeconds(10));
        e.throwProblems();
        return new ChainOracleConfig(rpcUrl, chainId, poolKind, pool, taskType, members, poll, stale, timeout);
    }

    /** The same configuration with other timings (tests, embedding). */
    public ChainOracleConfig withTimings(Duration poll, Duration stale, Duration timeout) {
        return new ChainOracleConfig(rpcUrl, chainId, poolKind, poolAddress, taskTypeId, members, poll, stale, timeout);
    }

    /** Scheme, host and port only: safe to log and to show on the status page. */
    public String rpcEndpoint() {
        return rpcUrl.getScheme() + "://" + rpcUrl.getHost() + (rpcUrl.getPort() >= 0 ? ":" + rpcUrl.getPort() : "");
    }

    @Override
    public String toString() {
        return "ChainOracleConfig[rpcUrl=" + rpcEndpoint() + (rpcEndpoint().length() < rpcUrl.toString().length()
                ? "/***" : "") + ", chainId=" + chainId + ", poolKind=" + poolKind.wireName() + ", poolAddress="
                + poolAddress + ", taskTypeId=" + taskTypeId + ", members=" + members + ", pollInterval=" + pollInterval
                + ", staleAfter=" + staleAfter + ", rpcTimeout=" + rpcTimeout + "]";
    }
}
