package xyz.pura.router.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
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
import xyz.pura.events.ProviderId;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.ChatRequestParser;
import xyz.pura.router.ModelCatalog;
import xyz.pura.router.QualityTable;
import xyz.pura.router.RouteContext;
import xyz.pura.router.Router;
import xyz.pura.router.RouterConfig;
import xyz.pura.router.RoutingDecision;
import xyz.pura.router.WeightTable;

/** One routing decision, complexity scoring included, on a ~2 KB six-message conversation. Run: bench/jmh-router.sh */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class RouterBenchmark {
    private Router router;
    private ChatRequest request;
    private final RouteContext context = RouteContext.all();

    @Setup
    public void setUp() {
        QualityTable quality = new QualityTable();
        WeightTable weights = new WeightTable();
        Instant now = Instant.now();
        for (ProviderId p : ProviderId.values()) {
            quality.update(p, 0.97 + p.ordinal() * 0.005, 600, 1500, now);
            weights.update(p, 100 + 50L * p.ordinal(), 1000, now);
        }
        router = new Router(ModelCatalog.load(), quality, weights, RouterConfig.defaults());
        request = ChatRequestParser.parse(conversation(), false);
    }

    /** A system prompt and five turns about a Java service, with one code block: about 2 KB of text. */
    static ObjectNode conversation() {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode m = body.putArray("messages");
        m.addObject().put("role", "system").put("content", "You are a senior backend engineer. Answer precisely, "
                + "show code when it helps, and say when you are unsure.");
        m.addObject().put("role", "user").put("content", "Our order service gets slower every afternoon. It runs on "
                + "Java 21 with virtual threads, Postgres behind HikariCP, and a Caffeine cache in front of the repository.");
        m.addObject().put("role", "assistant").put("content", "Slowdowns that grow during the day often come from pool "
                + "exhaustion or an unbounded cache. What do the pool metrics show at 3 pm, and is the cache bounded?");
        m.addObject().put("role", "user").put("content", "Pool is at 10 of 10 most of the afternoon. Here is the loader:\n"
                + "```java\npublic Order load(long id) {\n    Order order = cache.get(id, key -> repository.find(key));\n"
                + "    for (Line line : order.lines()) {\n        total += line.price() * line.quantity();\n    }\n"
                + "    return order;\n}\n```");
        m.addObject().put("role", "assistant").put("content", "With virtual threads, thousands of requests can wait on "
                + "ten connections; a synchronized block inside the driver can also pin carriers. Do you call the "
                + "repository inside synchronized code anywhere?");
        m.addObject().put("role", "user").put("content", "Yes, the nightly job and the cache loader both synchronize on the "
                + "account. Analyze the trade-offs of raising the pool size versus limiting concurrency with a semaphore, "
                + "step by step, and tell me which metrics would confirm the root cause before we change anything in "
                + "production. Also consider what happens during the evening batch when the reporting queries run.");
        body.put("max_tokens", 2000);
        return body;
    }

    @Benchmark
    public RoutingDecision decide() {
        return router.decide(request, context);
    }
}
