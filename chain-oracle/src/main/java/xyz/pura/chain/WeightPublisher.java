package xyz.pura.chain;

import xyz.pura.events.WeightUpdated;

/**
 * Where the oracle sends weight updates: {@link KafkaWeightPublisher} in the service, an in-memory list
 * in tests. Keyed by {@link WeightUpdated#provider()}.
 */
public interface WeightPublisher extends AutoCloseable {
    /**
     * Publishes one update and returns once it is durable (or throws). A throw means not published: the
     * oracle sends the value again on its next poll.
     */
    void publish(WeightUpdated update);

    /** Releases the publisher's resources; nothing by default. */
    @Override
    default void close() {
    }
}
