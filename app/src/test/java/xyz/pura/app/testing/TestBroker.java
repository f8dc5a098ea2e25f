package xyz.pura.app.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import xyz.pura.app.EmbeddedKafka;

/**
 * One Kafka broker per test JVM, shared by every integration test: the Testcontainers Kafka module
 * where a Docker engine is present, the embedded KRaft broker otherwise (on this project's machines:
 * embedded). Started on first use, stopped when the JVM exits.
 */
public final class TestBroker {
    private static String bootstrapServers;

    private TestBroker() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = dockerAvailable() ? startContainer() : startEmbedded();
        }
        return bootstrapServers;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String startContainer() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop));
        return kafka.getBootstrapServers();
    }

    private static String startEmbedded() {
        try {
            Path dir = Files.createTempDirectory("pura-test-broker");
            EmbeddedKafka broker = new EmbeddedKafka(dir).start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
            return broker.bootstrapServers();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
