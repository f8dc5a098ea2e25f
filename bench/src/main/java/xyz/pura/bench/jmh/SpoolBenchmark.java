package xyz.pura.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import xyz.pura.journal.Spool;

/**
 * What durability costs an answer: one append of a serialised RequestCompleted (about 700 bytes) to the
 * gateway's write-ahead spool, acknowledged at once so that sealed segments are deleted as in production.
 * {@code none}: the page cache (the default); {@code group}: append plus the fdatasync it waits for (one
 * thread here, so every append syncs; with concurrent answers one sync covers many).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpoolBenchmark {
    @Param({"none", "group"})
    public String sync;

    Path dir;
    Spool spool;
    ProducerRecord<String, byte[]> record;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("pura-spool-jmh");
        spool = new Spool(dir, Spool.Sync.parse(sync));
        HotPathBenchmark events = new HotPathBenchmark();
        events.setup();
        record = new ProducerRecord<>("pura.completions", null, 1_767_225_600_123L, "key_0123456789abcdef",
                events.completedBytes);
    }

    @Benchmark
    public Spool.Entry append() throws IOException {
        Spool.Entry e = spool.append(record);
        spool.force(e);
        e.acknowledged();
        return e;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        spool.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
