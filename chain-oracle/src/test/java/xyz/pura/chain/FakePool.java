package xyz.pura.chain;

import java.util.EnumMap;
import java.util.Map;
import xyz.pura.events.ProviderId;

/** An in-memory pool: each {@link #set} mines a block, as a transaction on chain would; it can be down. */
final class FakePool implements PoolReader {
    private final long chainId;
    private final Map<ProviderId, Long> units = new EnumMap<>(ProviderId.class);
    private long block;
    private boolean down;

    FakePool(long chainId) {
        this.chainId = chainId;
    }

    synchronized FakePool set(ProviderId provider, long value) {
        units.put(provider, value);
        block++;
        return this;
    }

    /** Changes units without a new block, as a reorg at the same height does. */
    synchronized FakePool replace(ProviderId provider, long value) {
        units.put(provider, value);
        return this;
    }

    synchronized FakePool mine() {
        block++;
        return this;
    }

    /** While down, every call fails as an unreachable RPC. */
    synchronized void down(boolean isDown) {
        down = isDown;
    }

    @Override
    public synchronized long chainId() throws ChainReadException {
        check();
        return chainId;
    }

    @Override
    public synchronized long latestBlock() throws ChainReadException {
        check();
        return block;
    }

    private void check() throws ChainReadException {
        if (down) {
            throw new ChainReadException(ChainReadException.Kind.UNREACHABLE, "fake pool is down");
        }
    }

    @Override
    public synchronized PoolSnapshot readAt(long blockNumber) {
        return new PoolSnapshot(blockNumber, units, units.values().stream().mapToLong(Long::longValue).sum());
    }

    @Override
    public void close() {
        // nothing to release
    }
}
