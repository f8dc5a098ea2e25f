package xyz.pura.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import xyz.pura.events.RequestCompleted;

/**
 * The gateway's Prometheus meters (Micrometer's {@link PrometheusMeterRegistry}, Prometheus Java client 1.x;
 * {@link #scrape()} writes text format 0.0.4):
 * <ul>
 *   <li>{@code pura_requests_total{provider,model,tier,status}} counter</li>
 *   <li>{@code pura_request_latency_seconds} and {@code pura_request_ttfb_seconds} timers with percentile
 *       histograms (5 ms to 120 s), tagged provider, model, tier</li>
 *   <li>{@code pura_cost_usd_total{provider,model,tier}}: a {@link FunctionCounter} over an exact
 *       {@code long} of nano-USD; the only conversion to {@code double} is {@code nanos / 1e9} at scrape
 *       time (exact below 2^53 nano-USD, about 9 million USD)</li>
 *   <li>{@code pura_budget_rejections_total{code}} counter</li>
 *   <li>{@code pura_kafka_producer_errors_total}, {@code pura_kafka_producer_backlog} and
 *       {@code pura_streams_lag}, read from suppliers at scrape time</li>
 *   <li>JVM memory, GC, threads, class loading, CPU and uptime from Micrometer's binders</li>
 * </ul>
 * Thread-safe. Close it to stop the GC listener.
 */
public final class Metrics implements AutoCloseable {
    /** The content type of {@link #scrape()}: Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String NONE = "none";
    /**
     * Distinct {@code model} label values kept; later ones are counted as {@code other}. A model is the caller's
     * string (an explicit {@code "model"}), and {@code /metrics} is public: each new name would add series forever.
     */
    public static final int MAX_MODEL_LABELS = 200;
    static final String OTHER = "other";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<Tags, AtomicLong> costNanos = new ConcurrentHashMap<>();
    private final java.util.Set<String> models = ConcurrentHashMap.newKeySet();
    /** Function counters hold their source weakly; these keep the suppliers alive. */
    private final List<LongSupplier> sources = new CopyOnWriteArrayList<>();

    public Metrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /**
     * Counts one finished request.
     *
     * @param provider the provider's wire name; null when none was called
     * @param status the completion status ({@code ok}, {@code upstream_error}, ...)
     * @param ttfbMs time to first byte; null when no byte came (or not streamed)
     * @param costNanoUsd the priced cost in nano-USD, at least 0
     */
    public void onCompleted(String provider, String model, String tier, String status, long latencyMs,
                            Long ttfbMs, long costNanoUsd) {
        if (costNanoUsd < 0) {
            throw new IllegalArgumentException("cost must not be negative: " + costNanoUsd);
        }
        Tags route = Tags.of("provider", tag(provider), "model", modelLabel(model), "tier", tag(tier));
        Counter.builder("pura.requests").description("Requests by provider, model, tier and completion status")
                .tags(route).tag("status", tag(status)).register(registry).increment();
        timer("pura.request.latency", "Request latency", route).record(Math.max(0, latencyMs), TimeUnit.MILLISECONDS);
        if (ttfbMs != null) {
            timer("pura.request.ttfb", "Time to first byte", route).record(Math.max(0, ttfbMs), TimeUnit.MILLISECONDS);
        }
        costNanos.computeIfAbsent(route, this::costCounter).addAndGet(costNanoUsd);
    }

    /** {@link #onCompleted(String, String, String, String, long, Long, long)} from the event. */
    public void onCompleted(RequestCompleted e) {
        onCompleted(e.provider(), e.model(), e.tier(), e.status(), e.latencyMs(), e.ttfbMs(), e.costNanoUsd());
    }

    /** Counts one request refused by admission (budget, free tier, balance), by its error code. */
    public void onRejected(String code) {
        Counter.builder("pura.budget.rejections").description("Requests refused by admission, by error code")
                .tag("code", tag(code)).register(registry).increment();
    }

    /**
     * Exposes the Kafka producer's state, read at scrape time.
     *
     * @param errorsTotal send failures since start (monotonic)
     * @param backlog events waiting in the producer
     */
    public void registerProducer(LongSupplier errorsTotal, LongSupplier backlog) {
        sources.add(errorsTotal);
        FunctionCounter.builder("pura.kafka.producer.errors", errorsTotal, s -> s.getAsLong())
                .description("Kafka producer send failures").register(registry);
        registerGauge("pura.kafka.producer.backlog", "Events waiting in the Kafka producer", backlog);
    }

    /** Exposes the ledger's Kafka Streams consumer lag (records), read at scrape time. */
    public void registerStreamsLag(LongSupplier lag) {
        registerGauge("pura.streams.lag", "Ledger Kafka Streams consumer lag in records", lag);
    }

    /** Exposes any other value as a gauge read at scrape time ({@code a.b.c} is exported as {@code a_b_c}). */
    public void registerGauge(String name, String description, LongSupplier value) {
        Gauge.builder(name, value, s -> s.getAsLong()).description(description).strongReference(true)
                .register(registry);
    }

    /** Every meter in Prometheus text format 0.0.4. */
    public String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }

    /** The registry, for meters of other modules. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private Timer timer(String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(tags).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofSeconds(120))
                .register(registry);
    }

    private AtomicLong costCounter(Tags tags) {
        AtomicLong nanos = new AtomicLong();
        FunctionCounter.builder("pura.cost.usd", nanos, n -> n.get() / 1e9)
                .description("Priced cost in USD (exact nano-USD inside, converted at scrape)")
                .tags(tags).register(registry);
        return nanos;
    }

    /** The model's own name while fewer than {@link #MAX_MODEL_LABELS} names are in use, else {@code other}. */
    private String modelLabel(String model) {
        String m = tag(model);
        if (models.contains(m)) {
            return m;
        }
        synchronized (models) {
            if (models.size() < MAX_MODEL_LABELS) {
                models.add(m);
                return m;
            }
        }
        return OTHER;
    }

    private static String tag(String value) {
        return value == null || value.isBlank() ? NONE : value;
    }
}
