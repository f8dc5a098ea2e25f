package xyz.pura.ingress.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-ahead journal of published events: what it keeps across a crash, and when it lets go. */
class SpoolTest {
    @TempDir
    Path dir;

    @Test
    void shouldGiveBackEveryUnacknowledgedEntryAfterACrash() {
        Spool spool = new Spool(dir);
        List<ProducerRecord<String, byte[]>> written = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ProducerRecord<String, byte[]> r = record("key_" + i, "{\"n\":" + i + "}", 1_700_000_000_000L + i);
            written.add(r);
            assertThat(spool.append(r)).isNotNull();
        }
        ProducerRecord<String, byte[]> keyless = new ProducerRecord<>("pura.requests", null, 5L, null, new byte[0]);
        spool.append(keyless);
        // no close(): the process died

        List<Spool.Entry> recovered = new Spool(dir).recover();

        assertThat(recovered).hasSize(4);
        for (int i = 0; i < 3; i++) {
            ProducerRecord<String, byte[]> r = recovered.get(i).record();
            assertThat(r.topic()).isEqualTo("pura.completions");
            assertThat(r.key()).isEqualTo(written.get(i).key());
            assertThat(r.timestamp()).isEqualTo(written.get(i).timestamp());
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":" + i + "}");
        }
        assertThat(recovered.get(3).record().key()).isNull();
        assertThat(recovered.get(3).record().value()).isEmpty();
    }

    @Test
    void shouldSkipAnEntryTornByACrashMidWrite() throws Exception {
        Spool spool = new Spool(dir);
        spool.append(record("key_a", "{\"whole\":true}", 1L));
        spool.append(record("key_b", "{\"torn\":true}", 2L));
        Path segment = segments().getFirst();
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(f.length() - 3);
        }

        List<Spool.Entry> recovered = new Spool(dir).recover();

        assertThat(recovered).extracting(e -> e.record().key()).containsExactly("key_a");
    }

    @Test
    void shouldSkipACorruptEntry() throws Exception {
        Spool spool = new Spool(dir);
        spool.append(record("key_a", "{\"x\":1}", 1L));
        Path segment = segments().getFirst();
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 2] ^= 0x55;
        Files.write(segment, bytes);

        assertThat(new Spool(dir).recover()).isEmpty();
    }

    @Test
    void shouldDeleteASealedSegmentOnceKafkaAcknowledgedAllOfIt() throws Exception {
        Spool spool = new Spool(dir);
        Spool.Entry first = spool.append(record("key_a", "{}", 1L));
        Spool.Entry second = spool.append(record("key_b", "{}", 2L));
        spool.close(); // seals the open segment

        assertThat(segments()).hasSize(1);
        first.acknowledged();
        assertThat(segments()).hasSize(1);
        second.acknowledged();
        assertThat(segments()).isEmpty();
        assertThat(spool.segments()).isZero();
    }

    @Test
    void shouldKeepTheOpenSegmentUntilItIsSealedEvenWhenEverythingIsAcknowledged() throws Exception {
        Spool spool = new Spool(dir);
        spool.append(record("key_a", "{}", 1L)).acknowledged();

        assertThat(segments()).hasSize(1);
        spool.close();
        assertThat(segments()).isEmpty();
    }

    @Test
    void shouldReleaseRecoveredSegmentsWhenTheirEntriesAreAcknowledgedAgain() throws Exception {
        Spool before = new Spool(dir);
        before.append(record("key_a", "{}", 1L));
        before.append(record("key_b", "{}", 2L));

        Spool after = new Spool(dir);
        List<Spool.Entry> recovered = after.recover();
        recovered.forEach(Spool.Entry::acknowledged);

        assertThat(segments()).isEmpty();
        // new appends go to a new segment, never into the recovered one
        after.append(record("key_c", "{}", 3L));
        assertThat(segments()).hasSize(1);
        assertThat(new Spool(dir).recover()).extracting(e -> e.record().key()).containsExactly("key_c");
    }

    @Test
    void shouldSyncWithGroupCommit() throws Exception {
        Spool spool = new Spool(dir, Spool.Sync.GROUP);
        Spool.Entry e = spool.append(record("key_a", "{}", 1L));
        spool.force(e);
        spool.force(e); // already covered: returns without another sync

        assertThat(new Spool(dir).recover()).hasSize(1);
        assertThat(Spool.Sync.parse("")).isEqualTo(Spool.Sync.NONE);
        assertThat(Spool.Sync.parse("group")).isEqualTo(Spool.Sync.GROUP);
    }

    private List<Path> segments() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static ProducerRecord<String, byte[]> record(String key, String json, long ts) {
        return new ProducerRecord<>("pura.completions", null, ts, key, json.getBytes(StandardCharsets.UTF_8));
    }
}
