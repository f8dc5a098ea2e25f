package xyz.pura.chain;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.chain.internal.BackpressurePoolReader;
import xyz.pura.chain.internal.GdaPoolReader;
import xyz.pura.chain.internal.Rpc;

/**
 * The chain-oracle service: one {@link ChainOracle} over the web3j reader of the configured pool kind.
 * Embeddable ({@link #start()}, {@link #health()}, {@link #close()}) and runnable on its own ({@link #main}).
 * Without member addresses it stays idle and says so once: routing then uses equal weights.
 */
public final class ChainOracleService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChainOracleService.class);

    private final ChainOracleConfig config;
    private final ChainOracle oracle;

    /** @param publisher where updates go; the service does not close it */
    public ChainOracleService(ChainOracleConfig config, WeightPublisher publisher) {
        this.config = config;
        this.oracle = config.members().isEmpty() ? null
                : new ChainOracle(config, reader(config), publisher, Clock.systemUTC());
    }

    /** The web3j reader of {@code config}'s pool kind, over a new connection. */
    public static PoolReader reader(ChainOracleConfig config) {
        Rpc rpc = new Rpc(config.rpcUrl().toString(), config.rpcEndpoint(), config.rpcTimeout());
        return switch (config.poolKind()) {
            case GDA -> new GdaPoolReader(rpc, config.poolAddress(), config.members());
            case BACKPRESSURE -> new BackpressurePoolReader(rpc, config.poolAddress(), config.taskTypeId(), config.members());
        };
    }

    /** Starts polling (a first poll right away, in the background); never blocks on the chain. */
    public void start() {
        if (oracle == null) {
            LOG.info("Chain oracle idle: no PURA_CHAIN_MEMBER_<PROVIDER> address set; routing uses equal weights");
            return;
        }
        LOG.info("Chain oracle polling {} every {}", config, config.pollInterval());
        oracle.start();
    }

    /** The chain's state for {@code /api/status}. */
    public ChainHealth health() {
        return oracle == null
                ? ChainHealth.initial(config.rpcEndpoint(), config.chainId(), "no member addresses configured")
                : oracle.health();
    }

    @Override
    public void close() {
        if (oracle != null) {
            oracle.close();
        }
    }

    /** Runs the service against {@code KAFKA_BOOTSTRAP_SERVERS} until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap == null || bootstrap.isBlank()) {
            LOG.error("KAFKA_BOOTSTRAP_SERVERS is required to run the chain oracle on its own");
            System.exit(2);
        }
        ChainOracleConfig config = ChainOracleConfig.fromEnv();
        CountDownLatch stopped = new CountDownLatch(1);
        KafkaWeightPublisher publisher = new KafkaWeightPublisher(bootstrap, Map.of(), Duration.ofSeconds(30));
        ChainOracleService service = new ChainOracleService(config, publisher);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            publisher.close();
            stopped.countDown();
        }, "pura-chain-oracle-shutdown"));
        service.start();
        stopped.await();
    }
}
