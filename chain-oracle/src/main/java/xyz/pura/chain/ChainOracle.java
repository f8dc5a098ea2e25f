package xyz.pura.chain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.chain.internal.ProblemLog;
import xyz.pura.chain.internal.WeightState;
import xyz.pura.events.ProviderId;
import xyz.pura.events.WeightUpdated;

/**
 * The poller. Each {@link #pollOnce()}: checks the chain id once per connection (a mismatch is refused
 * with one ERROR line, and nothing is read or published), reads the latest block number, refuses a
 * block lower than the last one read (a reorg: the last good weights stay), reads every provider at that
 * block, and publishes a {@link WeightUpdated} for each provider whose units or total changed. Any
 * failure keeps the last good weights; once they are older than {@link ChainOracleConfig#staleAfter()}
 * they are re-published once with {@code stale=true}. Problems are logged once, not on every poll.
 * Thread-safe; {@link #start()} polls on a daemon thread.
 */
public final class ChainOracle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChainOracle.class);

    private final ChainOracleConfig config;
    private final PoolReader reader;
    private final WeightPublisher publisher;
    private final Clock clock;
    private final WeightState state = new WeightState();
    private final ProblemLog problems = new ProblemLog(LOG);
    private final Poller poller;
    private boolean chainIdVerified;
    private long lastBlock = -1;
    private Instant lastSuccessAt;
    private volatile ChainHealth health;

    public ChainOracle(ChainOracleConfig config, PoolReader reader, WeightPublisher publisher, Clock clock) {
        this.config = config;
        this.reader = reader;
        this.publisher = publisher;
        this.clock = clock;
        this.poller = new Poller(this::pollOnce, config.pollInterval(), LOG);
        this.health = ChainHealth.initial(config.rpcEndpoint(), config.chainId(), "not polled yet");
    }

    /** One poll; never throws for chain or publishing faults (they are logged and kept in {@link #health()}). */
    public synchronized void pollOnce() {
        Instant now = clock.instant();
        try {
            readAndPublish(now);
        } catch (ChainReadException e) {
            chainIdVerified &= !e.kind().transport();
            problems.report(e.kind().name(), "Chain read failed, keeping the last good weights ("
                    + (lastBlock < 0 ? "none yet: routing uses equal weights" : "block " + lastBlock) + "): "
                    + e.getMessage(), false, now);
        } catch (RuntimeException e) {
            problems.report("PUBLISH", "Publishing weight updates failed; retrying on the next poll: " + e, false, now);
            LOG.debug("publish failure", e);
        }
        publishStaleMarks(now);
        health = new ChainHealth(config.rpcEndpoint(), config.chainId(), lastBlock, lastSuccessAt, isStale(now),
                problems.message(), problems.seenAt(), chainIdVerified);
    }

    private void readAndPublish(Instant now) throws ChainReadException {
        if (!chainIdVerified) {
            long served = reader.chainId();
            if (served != config.chainId()) {
                problems.report("CHAIN_ID:" + served, "Chain id mismatch: the RPC at " + config.rpcEndpoint()
                        + " serves chain " + served + " but PURA_CHAIN_ID is " + config.chainId()
                        + "; refusing to read or publish pool weights from it", true, now);
                return;
            }
            chainIdVerified = true;
        }
        long block = reader.latestBlock();
        if (block < lastBlock) {
            problems.report("REORG", "Chain reorg: block number went back from " + lastBlock + " to " + block
                    + "; keeping the weights of block " + lastBlock + " until the chain passes it", false, now);
            return;
        }
        PoolSnapshot snapshot = reader.readAt(block);
        lastBlock = block;
        lastSuccessAt = now;
        for (WeightUpdated update : state.changes(snapshot, config.chainId(), config.poolAddress(), now)) {
            publisher.publish(update);
            state.published(update);
        }
        problems.recovered("Chain reads recovered at block " + block);
    }

    private void publishStaleMarks(Instant now) {
        if (lastSuccessAt == null || !isStale(now)) {
            return;
        }
        List<WeightUpdated> marks = state.staleMarks(now);
        for (WeightUpdated mark : marks) {
            try {
                publisher.publish(mark);
                state.published(mark);
            } catch (RuntimeException e) {
                problems.report("PUBLISH", "Publishing a stale mark failed; retrying on the next poll: " + e, false, now);
                return;
            }
        }
        if (!marks.isEmpty()) {
            LOG.warn("Pool weights of block {} are older than {}: published them as stale (routing uses equal weights)",
                    lastBlock, config.staleAfter());
        }
    }

    private boolean isStale(Instant now) {
        return lastSuccessAt == null || Duration.between(lastSuccessAt, now).compareTo(config.staleAfter()) > 0;
    }

    /** The current state, for the status API. */
    public ChainHealth health() {
        return health;
    }

    /** The last value published per provider (fresh or stale). */
    public synchronized Map<ProviderId, WeightUpdated> lastPublished() {
        return state.snapshot();
    }

    /** Polls now and then every {@link ChainOracleConfig#pollInterval()}, on a daemon thread. */
    public void start() {
        poller.start();
    }

    /** Stops polling and closes the reader; the publisher belongs to the caller. */
    @Override
    public void close() {
        poller.close();
        reader.close();
    }
}
