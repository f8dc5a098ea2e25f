package xyz.pura.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import xyz.pura.events.Json;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.Topics;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.ChatRequestParser;
import xyz.pura.events.pricing.TokenEstimator;

/**
 * Hot-path pieces of one gateway request, besides the routing decision (router's RouterBenchmark):
 * parsing a request body, counting its tokens and an answer's, translating one streamed chunk (parse an
 * upstream OpenAI chunk, adjust it, write it again), and serialising the RequestCompleted event.
 * Run with bench/jmh.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBenchmark {
    static final String SHORT_PROMPT = "Write one short sentence about backpressure in API gateways.";

    byte[] shortBody;
    byte[] longBody;
    ChatRequest shortRequest;
    ChatRequest longRequest;
    String answer;
    byte[] chunk;
    RequestCompleted completed;
    byte[] completedBytes;

    @Setup
    public void setup() {
        shortBody = ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + SHORT_PROMPT + "\"}],\"max_tokens\":40}")
                .getBytes(StandardCharsets.UTF_8);
        StringBuilder conv = new StringBuilder("{\"model\":\"auto\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a careful assistant.\"}");
        for (int i = 0; i < 6; i++) {
            conv.append(",{\"role\":\"user\",\"content\":\"Explain step by step how a token bucket limits request rates, turn ").append(i)
                    .append(", with an example in Java: `if (tokens > 0) { tokens--; }`.\"}")
                    .append(",{\"role\":\"assistant\",\"content\":\"A token bucket holds up to N tokens and refills at a fixed rate; each request takes one token and waits or fails when none is left. Turn ")
                    .append(i).append(".\"}");
        }
        conv.append("]}");
        longBody = conv.toString().getBytes(StandardCharsets.UTF_8);
        shortRequest = ChatRequestParser.parse(shortBody, false);
        longRequest = ChatRequestParser.parse(longBody, false);
        answer = "Backpressure lets a gateway slow its callers down when the upstream is saturated, instead of queueing without bound.";
        chunk = ("{\"id\":\"chatcmpl-sim1a2b3c\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,\"model\":\"gpt-4o-mini\","
                + "\"system_fingerprint\":\"fp_simulator\",\"choices\":[{\"index\":0,\"finish_reason\":null,\"delta\":{\"content\":\" backpressure\"}}]}")
                .getBytes(StandardCharsets.UTF_8);
        completed = new RequestCompleted(1, "req_01JXYZ:completed", java.time.Instant.parse("2026-01-01T00:00:00.123456Z"), "req_01JXYZ",
                "key_0123456789abcdef", "openai", "gpt-4o-mini", "cheap", "ok", 200, null, 3, 2L, false,
                14, 42, new RequestCompleted.ProviderUsage(14, 42, 0, 0), 12345, "2026-11-25", false, false,
                java.util.List.of(new RequestCompleted.Attempt("openai", "gpt-4o-mini", "ok", 200, 3)));
        completedBytes = Topics.COMPLETIONS.valueSerde().serialize("pura.completions", completed);
    }

    @Benchmark
    public ChatRequest parseRequest() {
        return ChatRequestParser.parse(shortBody, false);
    }

    @Benchmark
    public int tokenEstimateShortRequest() {
        return TokenEstimator.instance().countRequest(shortRequest);
    }

    @Benchmark
    public int tokenEstimateConversation() {
        return TokenEstimator.instance().countRequest(longRequest);
    }

    @Benchmark
    public int tokenEstimateAnswer() {
        return TokenEstimator.instance().countText(answer);
    }

    /** One SSE chunk through the gateway: parse the upstream's JSON, set the served model, write it again. */
    @Benchmark
    public byte[] sseChunkTranslate() throws Exception {
        JsonNode n = Json.mapper().readTree(chunk);
        ((ObjectNode) n).put("model", "gpt-4o-mini");
        return Json.mapper().writeValueAsBytes(n);
    }

    @Benchmark
    public byte[] requestCompletedSerialize() {
        return Topics.COMPLETIONS.valueSerde().serialize("pura.completions", completed);
    }

    @Benchmark
    public RequestCompleted requestCompletedDeserialize() {
        return Topics.COMPLETIONS.valueSerde().deserialize("pura.completions", completedBytes);
    }
}
