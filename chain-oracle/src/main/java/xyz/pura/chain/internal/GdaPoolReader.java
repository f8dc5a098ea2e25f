package xyz.pura.chain.internal;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint128;
import xyz.pura.chain.ChainReadException;
import xyz.pura.chain.PoolReader;
import xyz.pura.chain.PoolSnapshot;
import xyz.pura.events.ProviderId;

/** A Superfluid GDA pool: {@code getUnits(address)} per member and {@code getTotalUnits()}, at one block. */
public final class GdaPoolReader implements PoolReader {
    private final Rpc rpc;
    private final String pool;
    private final Map<ProviderId, String> members;

    public GdaPoolReader(Rpc rpc, String pool, Map<ProviderId, String> members) {
        this.rpc = rpc;
        this.pool = pool;
        this.members = members;
    }

    @Override
    public long chainId() throws ChainReadException {
        return rpc.chainId();
    }

    @Override
    public long latestBlock() throws ChainReadException {
        return rpc.blockNumber();
    }

    @Override
    public PoolSnapshot readAt(long blockNumber) throws ChainReadException {
        Map<ProviderId, Long> units = new EnumMap<>(ProviderId.class);
        for (Map.Entry<ProviderId, String> m : members.entrySet()) {
            units.put(m.getKey(), uint128(new Function("getUnits", List.of(new Address(m.getValue())),
                    List.of(new TypeReference<Uint128>() { })), blockNumber));
        }
        long total = uint128(new Function("getTotalUnits", List.of(), List.of(new TypeReference<Uint128>() { })),
                blockNumber);
        return Snapshots.of(blockNumber, units, total, pool);
    }

    private long uint128(Function f, long block) throws ChainReadException {
        @SuppressWarnings("rawtypes")
        List<Type> out = rpc.call(pool, f, block);
        return Snapshots.single(out, f.getName() + " on " + pool);
    }

    @Override
    public void close() {
        rpc.close();
    }
}
