package xyz.pura.chain;

/**
 * Reads a pool over one chain connection. {@link xyz.pura.chain.ChainOracleService#reader} gives the web3j
 * implementation for the configured {@link PoolKind}; tests may supply their own.
 */
public interface PoolReader extends AutoCloseable {
    /** {@code eth_chainId}. */
    long chainId() throws ChainReadException;

    /** {@code eth_blockNumber}: the latest block. */
    long latestBlock() throws ChainReadException;

    /** Every configured provider's units and the total, all by {@code eth_call} at {@code blockNumber}. */
    PoolSnapshot readAt(long blockNumber) throws ChainReadException;

    /** Releases the connection's threads and sockets. */
    @Override
    void close();
}
