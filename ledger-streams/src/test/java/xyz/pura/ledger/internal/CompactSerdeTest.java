package xyz.pura.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import xyz.pura.events.JsonSerde;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.pricing.TokenUsage;

class CompactSerdeTest {
    private static final Instant AT = Instant.parse("2026-12-07T23:59:59.123456789Z");

    static AccountState account() {
        return new AccountState("k_1234", 10_000_000_000L, LocalDate.of(2026, 12, 7), 4_125L, 3, 9_000_000_001L, 5001,
                -1_500L, 77, 78, AT, 2_000_000L, 42L);
    }

    static LedgerEntry entry() {
        return new LedgerEntry(1, "e-1", AT, "k_1234", 77, "debit", "completion", "req-1", 412_500L, 41L,
                LocalDate.of(2026, 12, 7), "2026-12-07.1", "openai", "gpt-4o-mini", "ok", 120, 35, true, 4_125L, 3,
                9_000_000_001L, 5001, -1_500L, 100_000L, "provider", "chat.completions", "mid",
                new TokenUsage(120, 20, 10, 5, 35, 7));
    }

    static ReportItem reportItem() {
        return new ReportItem("claude-sonnet-4-5", 123_456L, new TokenUsage(1000, 200, 100, 50, 300, 20), "provider",
                "messages");
    }

    static QualityBucket bucket() {
        TreeMap<Integer, Long> h = new TreeMap<>(Map.of(3, 10L, 17, 2L, 250, 1L));
        return new QualityBucket(13, 1, 1234, 13, h);
    }

    static DailyUsage dailyUsage() {
        return new DailyUsage(Map.of("gpt-4o-mini", new DailyUsage.Sums(412_500L, 3, 1200, 100, 50, 25, 300, 20, 1),
                "claude-sonnet-4-5", new DailyUsage.Sums(1L, 1, 1, 1, 1, 1, 1, 1, 1)));
    }

    @Test
    void shouldReadBackEveryComponentOfEachStoredType() {
        for (Record value : List.of(account(), entry(), reportItem(), bucket(), new QualityPartial(60_000L, bucket()),
                dailyUsage(), dailyUsage().models().get("gpt-4o-mini"))) {
            assertEveryComponentSet(value);
            assertThat(roundTrip(value)).as(value.getClass().getSimpleName()).isEqualTo(value);
        }
    }

    @Test
    void shouldBeMuchSmallerThanJson() {
        byte[] compact = new CompactSerde<>(LedgerEntry.class).serialize("t", entry());
        byte[] json = new JsonSerde<>(LedgerEntry.class).serialize("t", entry());
        assertThat(compact[0]).isEqualTo(CompactSerde.FORMAT);
        assertThat(compact.length).isLessThan(json.length / 3);
    }

    @Test
    void shouldReadTheJsonThatEarlierVersionsStored() {
        for (Record value : List.of(account(), entry(), reportItem(), bucket())) {
            @SuppressWarnings("unchecked")
            Class<Record> type = (Class<Record>) value.getClass();
            byte[] json = new JsonSerde<>(type).serialize("t", value);
            assertThat(new CompactSerde<>(type).deserialize("t", json)).isEqualTo(value);
        }
    }

    @Test
    void shouldReadNullsAndReadComponentsAddedSinceAValueWasWrittenAsAbsent() {
        ReportItem old = new ReportItem("m", 5L, null, null, null);
        assertThat(roundTrip(old)).isEqualTo(old);

        // a ReportItem written when it had two components: the three added later read as null
        byte[] twoComponents = {CompactSerde.FORMAT, 2, 2, 'm', 10};
        assertThat(new CompactSerde<>(ReportItem.class).deserialize("t", twoComponents)).isEqualTo(old);
    }

    @Test
    void shouldRefuseValuesFromANewerVersionAndCorruptOnes() {
        CompactSerde<ReportItem> serde = new CompactSerde<>(ReportItem.class);
        byte[] good = serde.serialize("t", reportItem());
        byte[] newer = good.clone();
        newer[1] = 6;
        assertThatThrownBy(() -> serde.deserialize("t", newer)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("newer version");
        assertThatThrownBy(() -> serde.deserialize("t", Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(SerializationException.class);
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> serde.deserialize("t", trailing)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("trailing");
        byte[] hugeString = {CompactSerde.FORMAT, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
        assertThatThrownBy(() -> serde.deserialize("t", hugeString)).isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldRefuseATypeItCannotEncodeWhenBuilt() {
        record WithArray(byte[] data) {
        }
        assertThatThrownBy(() -> new CompactSerde<>(WithArray.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("byte[]");
    }

    @Test
    void shouldKeepExtremeNumbersExact() {
        AccountState a = new AccountState("k", Long.MAX_VALUE, LocalDate.of(1970, 1, 1), Long.MIN_VALUE, 0, -1, 1,
                Long.MIN_VALUE, Long.MAX_VALUE, 0, Instant.ofEpochSecond(-5, 999_999_999), 0, null);
        assertThat(roundTrip(a)).isEqualTo(a);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record> T roundTrip(T value) {
        CompactSerde<T> serde = new CompactSerde<>((Class<T>) value.getClass());
        return serde.deserialize("t", serde.serialize("t", value));
    }

    /** The samples above set every component, so a component the codec dropped would fail the round trip. */
    private static void assertEveryComponentSet(Record value) {
        for (RecordComponent c : value.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            assertThat(v).as("%s.%s is set in the sample", value.getClass().getSimpleName(), c.getName()).isNotNull()
                    .isNotEqualTo(0).isNotEqualTo(0L).isNotEqualTo(false);
        }
    }
}
