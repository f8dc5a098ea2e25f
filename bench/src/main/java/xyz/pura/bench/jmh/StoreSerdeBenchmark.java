package xyz.pura.bench.jmh;

import java.time.Instant;
import java.time.LocalDate;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.apache.kafka.common.serialization.Serde;
import xyz.pura.events.JsonSerde;
import xyz.pura.events.LedgerEntry;
import xyz.pura.ledger.internal.AccountState;
import xyz.pura.ledger.internal.CompactSerde;
import xyz.pura.ledger.internal.QualityBucket;

/**
 * What the ledger pays per request to read and rewrite its store values (a key's account, a quality bucket) and to
 * write a recent-entry slot: JSON ({@link JsonSerde}, before) against {@link CompactSerde} (after), side by side in
 * one run. Run with {@code bench/jmh.sh -f 1 'StoreSerde'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StoreSerdeBenchmark {
    @Param({"json", "compact"})
    public String format;

    Serde<AccountState> accounts;
    Serde<LedgerEntry> entries;
    Serde<QualityBucket> buckets;
    AccountState account;
    LedgerEntry entry;
    QualityBucket bucket;
    byte[] accountBytes;
    byte[] bucketBytes;

    @Setup
    public void setup() {
        boolean json = format.equals("json");
        accounts = json ? new JsonSerde<>(AccountState.class) : new CompactSerde<>(AccountState.class);
        entries = json ? new JsonSerde<>(LedgerEntry.class) : new CompactSerde<>(LedgerEntry.class);
        buckets = json ? new JsonSerde<>(QualityBucket.class) : new CompactSerde<>(QualityBucket.class);
        Instant at = Instant.parse("2026-12-07T12:34:56.123456Z");
        account = new AccountState("k_0123456789ab", null, LocalDate.of(2026, 12, 7), 4_125_000L, 1_000, 9_000_000_001L,
                250_000, 1_500_000L, 250_000, 250_010, at, 2_000_000_000L, null);
        entry = new LedgerEntry(1, "req_01JXYZ:debit", at, "k_0123456789ab", 250_000, "debit", "completion",
                "req_01JXYZ", 12_345L, 1_234L, LocalDate.of(2026, 12, 7), "2026-12-07.1", "openai", "gpt-4o-mini", "ok",
                14, 42, false, 4_125_000L, 1_000, 9_000_000_001L, 250_000, 1_500_000L, 100_000_000L, "provider",
                "chat.completions", "cheap", new xyz.pura.events.pricing.TokenUsage(14, 0, 0, 0, 42, 0));
        TreeMap<Integer, Long> h = new TreeMap<>();
        for (int i = 0; i < 12; i++) {
            h.put(1 << i, (long) (100 - i * 7));
        }
        bucket = new QualityBucket(1_000, 3, 4_000, 1_000, h);
        accountBytes = accounts.serializer().serialize("s", account);
        bucketBytes = buckets.serializer().serialize("s", bucket);
    }

    /** The account's get and put of one debit. */
    @Benchmark
    public byte[] accountReadAndWrite() {
        AccountState a = accounts.deserializer().deserialize("s", accountBytes);
        return accounts.serializer().serialize("s", a);
    }

    /** The quality bucket's get and put of one call. */
    @Benchmark
    public byte[] qualityBucketReadAndWrite() {
        QualityBucket b = buckets.deserializer().deserialize("s", bucketBytes);
        return buckets.serializer().serialize("s", b);
    }

    /** The recent-entry slot's put. */
    @Benchmark
    public byte[] recentEntryWrite() {
        return entries.serializer().serialize("s", entry);
    }

}
