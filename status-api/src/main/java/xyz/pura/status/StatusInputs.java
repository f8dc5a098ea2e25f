package xyz.pura.status;

import java.time.Instant;
import java.util.Optional;
import xyz.pura.events.ProviderId;
import xyz.pura.events.QualityScore;

/**
 * What {@link StatusService} reads on each report: plain values that the app supplies from its breakers,
 * quality table, producer, Streams and chain oracle. Called once per report; keep each method cheap and
 * non-blocking.
 */
public interface StatusInputs {

    /** Whether the provider has credentials or an upstream to call. */
    boolean configured(ProviderId provider);

    /** The provider's circuit breaker state. */
    CircuitState circuit(ProviderId provider);

    /** The latest score from {@code pura.quality}, if any arrived. */
    Optional<QualityScore> quality(ProviderId provider);

    /** The gateway's components as they are now. */
    GatewayInputs gateway();

    /**
     * The gateway's components.
     *
     * @param producerBacklog events waiting in the producer
     * @param streamsState the ledger's {@code KafkaStreams.State} name; null where not run in this process
     * @param consumerLag the ledger's consumer lag in records; null when unknown
     * @param tablesLoaded the in-memory tables (keys, spend, ...) have caught up with Kafka
     */
    record GatewayInputs(boolean kafkaReachable, long producerBacklog, String streamsState, Long consumerLag,
                         boolean tablesLoaded, ChainInputs chain) {
    }

    /**
     * The chain oracle.
     *
     * @param configured a chain RPC URL is set (else chain freshness is not judged)
     * @param lastBlock the block of the last weight update read; null before the first
     * @param lastSuccessAt the time of the last successful read; null before the first
     */
    record ChainInputs(boolean configured, Long lastBlock, Instant lastSuccessAt) {
        /** No chain oracle. */
        public static ChainInputs none() {
            return new ChainInputs(false, null, null);
        }
    }
}
