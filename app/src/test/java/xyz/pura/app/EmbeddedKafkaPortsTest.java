package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker's two listeners get two ports, even on a data dir saved with one port for both. */
class EmbeddedKafkaPortsTest {

    @Test
    void shouldChooseTwoDistinctPortsAndKeepThemAcrossStarts(@TempDir Path dir) throws Exception {
        Properties first = EmbeddedKafka.ports(dir);
        Properties again = EmbeddedKafka.ports(dir);

        assertThat(first.getProperty("broker")).isNotEqualTo(first.getProperty("controller"));
        assertThat(again).isEqualTo(first);
    }

    @Test
    void shouldChooseAgainWhenASavedFileNamesOnePortForBothListeners(@TempDir Path dir) throws Exception {
        // what a first start could save when the two ports were chosen one after the other: such a broker never starts
        Files.writeString(dir.resolve("ports.properties"), "broker=42243\ncontroller=42243\ncluster.id=jM28JodqRsWlgoaM6SVubA\n");

        Properties ports = EmbeddedKafka.ports(dir);

        assertThat(ports.getProperty("broker")).isNotEqualTo(ports.getProperty("controller"));
        assertThat(ports.getProperty("cluster.id")).isEqualTo("jM28JodqRsWlgoaM6SVubA");
        Properties saved = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("ports.properties"))) {
            saved.load(r);
        }
        assertThat(saved).isEqualTo(ports);
    }
}
