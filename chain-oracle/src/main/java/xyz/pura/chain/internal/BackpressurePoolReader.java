package xyz.pura.chain.internal;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint128;
import org.web3j.utils.Numeric;
import xyz.pura.chain.ChainReadException;
import xyz.pura.chain.PoolReader;
import xyz.pura.chain.PoolSnapshot;
import xyz.pura.events.ProviderId;

/**
 * Pura's BackpressurePool: {@code getMemberUnits(bytes32 taskTypeId, address sink)} per provider at one
 * block. The contract has no total for a task type, so the total is the sum of the configured providers'
 * units: shares are shares among the providers the gateway routes to.
 */
public final class BackpressurePoolReader implements PoolReader {
    private final Rpc rpc;
    private final String pool;
    private final Bytes32 taskType;
    private final Map<ProviderId, String> members;

    public BackpressurePoolReader(Rpc rpc, String pool, String taskTypeId, Map<ProviderId, String> members) {
        this.rpc = rpc;
        this.pool = pool;
        this.taskType = new Bytes32(Numeric.hexStringToByteArray(taskTypeId));
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
        long total = 0;
        for (Map.Entry<ProviderId, String> m : members.entrySet()) {
            Function f = new Function("getMemberUnits", List.of(taskType, new Address(m.getValue())),
                    List.of(new TypeReference<Uint128>() { }));
            long u = Snapshots.single(rpc.call(pool, f, blockNumber), "getMemberUnits on " + pool);
            units.put(m.getKey(), u);
            total = Snapshots.add(total, u, pool);
        }
        return Snapshots.of(blockNumber, units, total, pool);
    }

    @Override
    public void close() {
        rpc.close();
    }
}
