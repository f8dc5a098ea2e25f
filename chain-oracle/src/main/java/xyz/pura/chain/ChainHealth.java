package xyz.pura.chain;

import java.time.Instant;

/**
 * The oracle's state for {@code /api/status}: an immutable snapshot, cheap to read at any time.
 *
 * @param rpcEndpoint the RPC's scheme, host and port (the rest of the URL may hold a key)
 * @param chainId the chain id the oracle expects
 * @param lastBlock the block of the last good read, -1 before any
 * @param lastSuccessAt when the chain was last read successfully, null before any
 * @param stale true when routing must not trust the weights: none read yet, or older than the max age
 * @param lastError the current problem in one line (null when the last poll succeeded)
 * @param lastErrorAt when {@code lastError} was last seen, null when there is none
 * @param chainIdVerified whether the current connection's chain id was checked and matches
 */
public record ChainHealth(String rpcEndpoint, long chainId, long lastBlock, Instant lastSuccessAt, boolean stale,
                          String lastError, Instant lastErrorAt, boolean chainIdVerified) {

    /** The state before the first poll (or of an oracle without member addresses). */
    public static ChainHealth initial(String rpcEndpoint, long chainId, String why) {
        return new ChainHealth(rpcEndpoint, chainId, -1, null, true, why, null, false);
    }

    /** Healthy: read recently, weights trusted. */
    public boolean healthy() {
        return !stale && lastError == null;
    }
}
