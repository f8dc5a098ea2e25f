package xyz.pura.journal;

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
            f.setLength(f.length() - 12); // into the payload: entries are padded to 8 bytes at most
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
        bytes[indexOf(bytes, "{\"x\":1}")] ^= 0x55;
        Files.write(segment, bytes);

        assertThat(new Spool(dir).recover()).isEmpty();
    }

    @Test
    void shouldKeepReadingPastACorruptOrTornEntryInTheMiddle() throws Exception {
        // appends reserve their range before they write: a crash can leave a torn entry among whole ones
        Spool spool = new Spool(dir);
        spool.append(record("key_a", "{\"n\":\"first\"}", 1L));
        spool.append(record("key_b", "{\"n\":\"second\"}", 2L));
        spool.append(record("key_c", "{\"n\":\"third\"}", 3L));
        Path segment = segments().getFirst();
        byte[] bytes = Files.readAllBytes(segment);
        bytes[indexOf(bytes, "second")] ^= 0x55;
        Files.write(segment, bytes);

        assertThat(new Spool(dir).recover()).extracting(e -> e.record().key()).containsExactly("key_a", "key_c");
    }

    @Test
    void shouldSkipAHoleLeftByAnAppendThatReservedButNeverWrote() throws Exception {
        Spool spool = new Spool(dir);
        ProducerRecord<String, byte[]> a = record("key_a", "{}", 1L);
        spool.append(a);
        spool.append(record("key_b", "{}", 2L));
        Path segment = segments().getFirst();
        byte[] bytes = Files.readAllBytes(segment);
        int afterA = 8 + SpoolCodec.encode(a, null).remaining();
        byte[] withHole = new byte[bytes.length + 48];
        System.arraycopy(bytes, 0, withHole, 0, afterA);
        System.arraycopy(bytes, afterA, withHole, afterA + 48, bytes.length - afterA);
        Files.write(segment, withHole);

        assertThat(new Spool(dir).recover()).extracting(e -> e.record().key()).containsExactly("key_a", "key_b");
    }

    @Test
    void shouldKeepEveryEntryOfConcurrentAppends() throws Exception {
        Spool spool = new Spool(dir);
        int threads = 8;
        int each = 500;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        assertThat(spool.append(record("key_" + thread + "_" + i, "{\"i\":" + i + "}", i))).isNotNull();
                    }
                }));
            }
            for (var f : done) {
                f.get();
            }
        }

        List<Spool.Entry> recovered = new Spool(dir).recover();

        assertThat(recovered).hasSize(threads * each);
        assertThat(recovered).extracting(e -> e.record().key()).doesNotHaveDuplicates();
    }

    @Test
    void shouldStillReadSegmentsOfTheFirstFormat() throws Exception {
        // the first format: int length, int CRC32C, payload, back to back, no file header
        byte[] topic = "pura.completions".getBytes(StandardCharsets.UTF_8);
        byte[] key = "key_old".getBytes(StandardCharsets.UTF_8);
        byte[] value = "{}".getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer p = java.nio.ByteBuffer.allocate(2 + topic.length + 4 + key.length + 8 + 4 + value.length);
        p.putShort((short) topic.length).put(topic).putInt(key.length).put(key).putLong(7L).putInt(value.length).put(value);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(p.array());
        java.nio.ByteBuffer file = java.nio.ByteBuffer.allocate(8 + p.capacity()).putInt(p.capacity()).putInt((int) crc.getValue()).put(p.array());
        Files.write(dir.resolve("events-0000000000000003.spool"), file.array());

        assertThat(new Spool(dir).recover()).extracting(e -> e.record().key()).containsExactly("key_old");
    }

    private static int indexOf(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(needle + " not found");
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
