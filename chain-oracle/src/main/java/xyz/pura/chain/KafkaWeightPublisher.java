package xyz.pura.chain;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import xyz.pura.events.Topics;
import xyz.pura.events.WeightUpdated;

/**
 * Publishes to {@code pura.weights} with an idempotent producer ({@code acks=all}), keyed by provider wire
 * name. {@link #publish} waits for the broker's acknowledgement (the poller is off the hot path), so a
 * failure reaches the oracle, which sends the value again on its next poll.
 */
public final class KafkaWeightPublisher implements WeightPublisher {
    private final KafkaProducer<String, WeightUpdated> producer;
    private final Duration ackTimeout;

    /** @param extra further producer properties (security settings, client id); they win over the defaults */
    public KafkaWeightPublisher(String bootstrapServers, Map<String, Object> extra, Duration ackTimeout) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "pura-chain-oracle");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ackTimeout.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(ackTimeout.toMillis(), 30_000));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackTimeout.toMillis());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.putAll(extra);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), Topics.WEIGHTS.valueSerde().serializer());
        this.ackTimeout = ackTimeout;
    }

    @Override
    public void publish(WeightUpdated update) {
        ProducerRecord<String, WeightUpdated> record = new ProducerRecord<>(Topics.WEIGHTS.name(), update.provider(), update);
        try {
            producer.send(record).get(ackTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing " + update.eventId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("cannot publish " + update.eventId() + " to " + Topics.WEIGHTS.name(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
