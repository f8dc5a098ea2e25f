package xyz.pura.bench.jmh;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
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
import xyz.pura.events.Json;
import xyz.pura.events.JsonSerde;
import xyz.pura.events.RequestCompleted;

/**
 * What one completion costs to write as JSON (the request thread, {@code EventPublisher.record}) and to read back
 * (the ledger): databind's {@code ObjectWriter} / {@code ObjectReader} (what {@link JsonSerde} used before) against
 * the serde's hand-written codec, side by side in one run. Run with {@code bench/jmh.sh -f 1 'EventJson'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventJsonBenchmark {
    @Param({"databind", "codec"})
    public String format;

    ObjectWriter writer;
    ObjectReader reader;
    JsonSerde<RequestCompleted> serde;
    RequestCompleted completed;
    byte[] bytes;

    @Setup
    public void setup() throws IOException {
        writer = Json.mapper().writerFor(RequestCompleted.class);
        reader = Json.mapper().readerFor(RequestCompleted.class);
        serde = new JsonSerde<>(RequestCompleted.class);
        completed = new RequestCompleted(1, "req_01JXYZ:completed", Instant.parse("2026-12-07T12:34:56.123456Z"),
                "req_01JXYZ", "k_0123456789ab", "openai", "gpt-4o-mini", "cheap", "ok", 200, null, 1_234L, 345L, true, 14,
                42, new RequestCompleted.ProviderUsage(14, 42, 0, 0, null, null), 12_345L, "2026-12-07.1", false, false,
                List.of(new RequestCompleted.Attempt("openai", "gpt-4o-mini", "ok", 200, 1_230L)),
                RequestCompleted.USAGE_PROVIDER,
                List.of(new RequestCompleted.Charge(RequestCompleted.Charge.ANSWER, "gpt-4o-mini", 14, 0, 0, 0, 42, 0,
                        12_345L)),
                "chat.completions");
        bytes = writer.writeValueAsBytes(completed);
        if (!java.util.Arrays.equals(bytes, serde.serialize("s", completed))
                || !completed.equals(serde.deserialize("s", bytes))) {
            throw new IllegalStateException("the codec is not databind for the benchmark's completion");
        }
    }

    /** The publisher's write of one completion. */
    @Benchmark
    public byte[] write() throws IOException {
        return format.equals("codec") ? serde.serialize("s", completed) : writer.writeValueAsBytes(completed);
    }

    /** The ledger's read of one completion. */
    @Benchmark
    public RequestCompleted read() throws IOException {
        return format.equals("codec") ? serde.deserialize("s", bytes) : reader.readValue(bytes);
    }
}
