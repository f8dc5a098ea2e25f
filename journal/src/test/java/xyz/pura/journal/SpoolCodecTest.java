package xyz.pura.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The spool's entry format on its own: what is encoded is read back, and what is not whole is not. */
class SpoolCodecTest {
    private static final Path FILE = Path.of("events-0000000000000000.spool"); // only named in the log

    @Test
    void shouldReadBackWhatItEncodedFieldForField() {
        ProducerRecord<String, byte[]> keyed = new ProducerRecord<>("pura.completions", null, 1_700_000_000_123L,
                "key_ä", "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, byte[]> keyless = new ProducerRecord<>("pura.requests", null, 5L, null, new byte[0]);

        List<ProducerRecord<String, byte[]>> read = SpoolCodec.readEntries(segment(keyed, keyless), FILE);

        assertThat(read).hasSize(2);
        assertThat(read.get(0).topic()).isEqualTo("pura.completions");
        assertThat(read.get(0).key()).isEqualTo("key_ä");
        assertThat(read.get(0).timestamp()).isEqualTo(1_700_000_000_123L);
        assertThat(new String(read.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
        assertThat(read.get(1).topic()).isEqualTo("pura.requests");
        assertThat(read.get(1).key()).isNull();
        assertThat(read.get(1).timestamp()).isEqualTo(5L);
        assertThat(read.get(1).value()).isEmpty();
    }

    @Test
    void shouldPadEveryEntryTo8BytesAndUseTheGivenBufferWhenItFits() {
        ProducerRecord<String, byte[]> r = record("key_a", "{\"odd\":123}");
        ByteBuffer into = ByteBuffer.allocateDirect(1024);

        ByteBuffer encoded = SpoolCodec.encode(r, into);
        ByteBuffer tooSmall = SpoolCodec.encode(r, ByteBuffer.allocate(8));

        assertThat(encoded.remaining() % 8).isZero();
        assertThat(encoded.isDirect()).as("encoded into the pooled buffer").isTrue();
        assertThat(tooSmall.isDirect()).as("a fresh heap buffer when the given one is too small").isFalse();
        assertThat(tooSmall).isEqualTo(encoded);
    }

    @Test
    void shouldNotReadATruncatedEntryButKeepTheWholeOnesBeforeIt() {
        ByteBuffer whole = segment(record("key_a", "{\"a\":1}"), record("key_b", "{\"b\":2}"));
        // cut into the last entry's payload, as a crash mid-write leaves it
        ByteBuffer torn = whole.slice(0, whole.limit() - 12);

        assertThat(SpoolCodec.readEntries(torn, FILE)).extracting(ProducerRecord::key).containsExactly("key_a");
    }

    @Test
    void shouldNotReadAnEntryWhosePayloadNoLongerMatchesItsCrc() {
        ByteBuffer all = segment(record("key_a", "{\"a\":1}"), record("key_b", "{\"b\":2}"));
        int firstTopicByte = SpoolCodec.HEADER.length + 12 + 2; // past magic, length, CRC and the topic's length
        all.put(firstTopicByte, (byte) (all.get(firstTopicByte) ^ 0x55));

        List<ProducerRecord<String, byte[]>> read = SpoolCodec.readEntries(all, FILE);

        assertThat(read).extracting(ProducerRecord::key).containsExactly("key_b");
    }

    @Test
    void shouldTellTheCurrentFormatByItsHeader() {
        assertThat(SpoolCodec.hasHeader(segment())).isTrue();
        assertThat(SpoolCodec.hasHeader(ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 5}))).isFalse();
        assertThat(SpoolCodec.hasHeader(ByteBuffer.wrap(new byte[3]))).isFalse();
    }

    /** A segment of the current format holding {@code records}, as the spool writes it. */
    @SafeVarargs
    private static ByteBuffer segment(ProducerRecord<String, byte[]>... records) {
        ByteBuffer out = ByteBuffer.allocate(4096).put(SpoolCodec.HEADER);
        for (ProducerRecord<String, byte[]> r : records) {
            out.put(SpoolCodec.encode(r, null));
        }
        return out.flip();
    }

    private static ProducerRecord<String, byte[]> record(String key, String json) {
        return new ProducerRecord<>("pura.completions", null, 42L, key, json.getBytes(StandardCharsets.UTF_8));
    }
}
