package xyz.pura.app.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import xyz.pura.events.KeyEvent;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.RequestIds;
import xyz.pura.events.Topic;
import xyz.pura.events.Topics;
import xyz.pura.gateway.keys.Secrets;

/**
 * A key created at a time in the past, and debits of it at past times, published straight to {@code pura.keys} and
 * {@code pura.completions} on the shared broker as the gateway would have (event time = record time): how a test
 * puts history on two UTC days without a clock of the whole gateway. The ledger books each debit to its event time's
 * day as long as the key has nothing later.
 */
public record BackdatedKey(String secret, String keyId) {
    /** Publishes the key's KeyCreated at {@code at}; it can be used once the gateway's key table has it. */
    public static BackdatedKey publish(String label, Instant at) {
        String secret = Secrets.newKey();
        String hash = Secrets.sha256Hex(secret);
        String keyId = Secrets.keyIdOf(hash);
        send(Topics.KEYS, keyId, new KeyEvent.KeyCreated(KeyEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), at, keyId,
                hash, Secrets.displayPrefix(secret), label, 10_000_000_000L), at);
        return new BackdatedKey(secret, keyId);
    }

    /**
     * Publishes an answered chat completion of this key at {@code at}, priced at {@code costNanoUsd} from the
     * provider's usage; returns its request id.
     */
    public String debit(String model, long costNanoUsd, RequestCompleted.ProviderUsage usage, Instant at) {
        String requestId = RequestIds.next(at.toEpochMilli());
        RequestCompleted c = new RequestCompleted(1, RequestCompleted.eventIdFor(requestId), at, requestId, keyId, "openai",
                model, "mid", "ok", 200, null, 120, null, false, usage.inputTokens(), usage.outputTokens(), usage,
                costNanoUsd, "2026-12-07.1", false, false, List.of(), RequestCompleted.USAGE_PROVIDER, null,
                "/v1/chat/completions");
        send(Topics.COMPLETIONS, keyId, c, at);
        return requestId;
    }

    private static <V> void send(Topic<V> topic, String key, V value, Instant at) {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), null, at.toEpochMilli(), key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic.name(), e);
        }
    }
}
