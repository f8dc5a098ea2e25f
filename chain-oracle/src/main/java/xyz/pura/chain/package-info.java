/**
 * The chain oracle: reads each provider's pool units with web3j at one block, and publishes
 * {@link xyz.pura.events.WeightUpdated} to {@code pura.weights} when a value changes. Public API:
 * {@link xyz.pura.chain.ChainOracleService} (the service, its {@code main}), {@link xyz.pura.chain.ChainOracle}
 * (the poller), {@link xyz.pura.chain.ChainOracleConfig}, {@link xyz.pura.chain.PoolReader},
 * {@link xyz.pura.chain.WeightPublisher} and {@link xyz.pura.chain.ChainHealth}; the rest is internal.
 */
package xyz.pura.chain;
