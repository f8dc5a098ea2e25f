package xyz.pura.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.Usd;

/**
 * Turns each finished request into OpenTelemetry spans and GenAI metrics, after the fact: the spans carry the
 * request's own start and end (start = {@code occurredAt - latencyMs}), so nothing waits for them, and the SDK's batch
 * processor and periodic reader export them on their own threads through bounded queues.
 *
 * <p>Per request: one {@code SERVER} span for the gateway ({@code POST /v1/chat/completions}, the {@code pura.*}
 * attributes) and one {@code CLIENT} span per upstream call ({@code chat gpt-4o}, {@code generate_content gemini-2.0-flash}, the {@code gen_ai.*} attributes;
 * failed and failed-over calls with {@code error.type}, the answering one with the usage). The event records each
 * call's duration but not its start, so the calls are laid end to end from the request's start. Metrics per upstream
 * call: {@code gen_ai.client.operation.duration}; per answer: {@code gen_ai.client.token.usage} (the priced tokens,
 * what was billed), {@code gen_ai.client.operation.time_to_first_chunk} for streams, {@code pura.cost}. No prompt or
 * completion content is ever recorded.
 */
public final class OtelObserver implements Consumer<RequestCompleted>, AutoCloseable {
    static final String SCOPE = "xyz.pura.gateway";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OtelObserver.class);

    /**
     * What the event does not carry.
     *
     * @param keyPrefix the display prefix of a key id ({@code pura_1a2b3c4d}), or null when unknown
     * @param baseUrls each provider's base URL by wire name, for {@code server.address} and {@code server.port}
     */
    public record Lookups(Function<String, String> keyPrefix, Map<String, URI> baseUrls) {
        public Lookups {
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            baseUrls = Map.copyOf(baseUrls);
        }

        public static Lookups none() {
            return new Lookups(id -> null, Map.of());
        }
    }

    private final Tracer tracer;
    private final Lookups lookups;
    private final AutoCloseable sdk;
    private final DoubleHistogram duration;
    private final LongHistogram tokens;
    private final DoubleHistogram timeToFirstChunk;
    private final LongCounter cost;
    private final MetricAttributes metricAttributes = new MetricAttributes();
    private final java.util.concurrent.atomic.AtomicLong lastFailureLog = new java.util.concurrent.atomic.AtomicLong();

    /** @param sdk closed with this observer (flushes what is queued), or null */
    public OtelObserver(OpenTelemetry otel, Lookups lookups, AutoCloseable sdk) {
        this.tracer = otel.getTracer(SCOPE);
        this.lookups = Objects.requireNonNull(lookups, "lookups");
        this.sdk = sdk;
        Meter meter = otel.getMeter(SCOPE);
        duration = meter.histogramBuilder(GenAi.OPERATION_DURATION).setUnit("s").setDescription("GenAI operation duration.")
                .setExplicitBucketBoundariesAdvice(GenAi.DURATION_BUCKETS).build();
        tokens = meter.histogramBuilder(GenAi.TOKEN_USAGE).ofLongs().setUnit("{token}")
                .setDescription("Number of input and output tokens used.")
                .setExplicitBucketBoundariesAdvice(GenAi.TOKEN_BUCKETS).build();
        timeToFirstChunk = meter.histogramBuilder(GenAi.TIME_TO_FIRST_CHUNK).setUnit("s")
                .setDescription("Time to receive the first chunk of a streamed answer.")
                .setExplicitBucketBoundariesAdvice(GenAi.DURATION_BUCKETS).build();
        cost = meter.counterBuilder(GenAi.PURA_COST).setUnit("{nanoUSD}")
                .setDescription("Priced cost of requests in nano-USD (1e-9 USD), exact").build();
    }

    /** Never throws: a failure here is logged (at most once a minute) and the request goes on as if nothing happened. */
    @Override
    public void accept(RequestCompleted e) {
        try {
            export(e);
        } catch (RuntimeException failure) {
            long now = System.nanoTime();
            long last = lastFailureLog.get();
            if ((last == 0 || now - last >= TimeUnit.MINUTES.toNanos(1)) && lastFailureLog.compareAndSet(last, now)) {
                LOG.warn("OpenTelemetry: request {} not recorded ({}); further failures are logged once a minute",
                        e.requestId(), failure.toString());
            }
        }
    }

    private void export(RequestCompleted e) {
        long end = nanos(e.occurredAt());
        long start = end - TimeUnit.MILLISECONDS.toNanos(Math.max(0, e.latencyMs()));
        Span server = serverSpan(e, start);
        List<RequestCompleted.Attempt> calls = new ArrayList<>();
        if (e.attempts() != null) {
            for (RequestCompleted.Attempt a : e.attempts()) {
                if (a.called()) {
                    calls.add(a);
                }
            }
        }
        RequestCompleted.Charge answer = answerLine(e);
        long at = start;
        for (int i = 0; i < calls.size(); i++) {
            RequestCompleted.Attempt a = calls.get(i);
            long callStart = Math.min(at, end);
            long callEnd = Math.min(callStart + TimeUnit.MILLISECONDS.toNanos(Math.max(0, a.latencyMs())), end);
            at = callEnd;
            boolean answering = i == calls.size() - 1 && answer != null;
            Double ttfc = answering && e.stream() && e.ttfbMs() != null
                    ? Math.max(0, TimeUnit.MILLISECONDS.toNanos(e.ttfbMs()) - (callStart - start)) / 1e9 : null;
            String operation = GenAi.operationName(e.endpoint(), a.provider());
            clientSpan(e, operation, a, server, callStart, callEnd, answering ? answer : null, ttfc);
            record(operation, a, answering ? answer : null, ttfc);
        }
        if (e.costNanoUsd() > 0) {
            cost.add(e.costNanoUsd(), metricAttributes.cost(GenAi.providerName(e.provider()), e.model(), e.tier(),
                    e.endpoint()));
        }
        server.end(end, TimeUnit.NANOSECONDS);
    }

    private Span serverSpan(RequestCompleted e, long start) {
        String route = e.endpoint();
        SpanBuilder b = tracer.spanBuilder(route == null ? "POST" : "POST " + route).setNoParent()
                .setSpanKind(SpanKind.SERVER).setStartTimestamp(start, TimeUnit.NANOSECONDS)
                .setAttribute(GenAi.HTTP_REQUEST_METHOD, "POST")
                .setAttribute(GenAi.HTTP_RESPONSE_STATUS_CODE, (long) e.httpStatus())
                .setAttribute(GenAi.PURA_REQUEST_ID, e.requestId())
                .setAttribute(GenAi.PURA_STATUS, e.status())
                .setAttribute(GenAi.PURA_COST_USD, Usd.ofNanos(e.costNanoUsd()).toString())
                .setAttribute(GenAi.PURA_ATTEMPTS, e.attempts() == null ? 0L : e.attempts().size())
                .setAttribute(GenAi.PURA_EXPLORED, e.explored())
                .setAttribute(GenAi.PURA_BYOK, e.byok());
        set(b, GenAi.HTTP_ROUTE, route);
        set(b, GenAi.PURA_ENDPOINT, route);
        set(b, GenAi.PURA_KEY_ID, e.keyId());
        set(b, GenAi.PURA_KEY_PREFIX, e.keyId() == null ? null : lookups.keyPrefix().apply(e.keyId()));
        set(b, GenAi.PURA_TIER, e.tier());
        set(b, GenAi.PURA_PROVIDER, e.provider());
        set(b, GenAi.PURA_MODEL, e.model());
        set(b, GenAi.PURA_RATE_CARD, e.rateCardVersion());
        set(b, GenAi.PURA_USAGE_SOURCE, e.usageSource());
        Span span = b.startSpan();
        if (!"ok".equals(e.status())) {
            span.setAttribute(GenAi.ERROR_TYPE, e.errorCode() != null ? e.errorCode() : e.status());
            if (e.httpStatus() >= 500) { // as HTTP servers do: a 4xx (a cancel's 499 too) is the caller's, not an error here
                span.setStatus(StatusCode.ERROR);
            }
        }
        return span;
    }

    private void clientSpan(RequestCompleted e, String operation, RequestCompleted.Attempt a, Span parent, long start,
                            long end, RequestCompleted.Charge usage, Double ttfc) {
        SpanBuilder b = tracer.spanBuilder(operation + " " + a.model()).setParent(Context.root().with(parent))
                .setSpanKind(SpanKind.CLIENT).setStartTimestamp(start, TimeUnit.NANOSECONDS)
                .setAttribute(GenAi.OPERATION_NAME, operation)
                .setAttribute(GenAi.PURA_REQUEST_ID, e.requestId());
        set(b, GenAi.PROVIDER_NAME, GenAi.providerName(a.provider()));
        set(b, GenAi.REQUEST_MODEL, a.model());
        if (e.stream()) {
            b.setAttribute(GenAi.REQUEST_STREAM, true);
        }
        URI base = a.provider() == null ? null : lookups.baseUrls().get(a.provider());
        if (base != null && base.getHost() != null) {
            b.setAttribute(GenAi.SERVER_ADDRESS, base.getHost());
            b.setAttribute(GenAi.SERVER_PORT, (long) port(base));
        }
        if (a.httpStatus() != null) {
            b.setAttribute(GenAi.HTTP_RESPONSE_STATUS_CODE, (long) a.httpStatus());
        }
        if (usage != null) {
            b.setAttribute(GenAi.USAGE_INPUT_TOKENS, usage.inputTokens());
            b.setAttribute(GenAi.USAGE_OUTPUT_TOKENS, usage.outputTokens());
            if (usage.cacheReadTokens() > 0) {
                b.setAttribute(GenAi.USAGE_CACHE_READ_INPUT_TOKENS, usage.cacheReadTokens());
            }
            long written = usage.cacheWrite5mTokens() + usage.cacheWrite1hTokens();
            if (written > 0) {
                b.setAttribute(GenAi.USAGE_CACHE_CREATION_INPUT_TOKENS, written);
            }
            if (usage.reasoningTokens() > 0) {
                b.setAttribute(GenAi.USAGE_REASONING_OUTPUT_TOKENS, usage.reasoningTokens());
            }
        }
        if (ttfc != null) {
            b.setAttribute(GenAi.RESPONSE_TIME_TO_FIRST_CHUNK, ttfc);
        }
        Span span = b.startSpan();
        if (!"ok".equals(a.outcome())) {
            span.setAttribute(GenAi.ERROR_TYPE, a.outcome());
            span.setStatus(StatusCode.ERROR);
        }
        span.end(end, TimeUnit.NANOSECONDS);
    }

    private void record(String operation, RequestCompleted.Attempt a, RequestCompleted.Charge usage, Double ttfc) {
        String provider = GenAi.providerName(a.provider());
        String error = "ok".equals(a.outcome()) ? null : a.outcome();
        duration.record(Math.max(0, a.latencyMs()) / 1000.0, metricAttributes.call(operation, provider, a.model(), error));
        if (usage == null) {
            return;
        }
        tokens.record(usage.inputTokens(), metricAttributes.tokens(operation, provider, a.model(), GenAi.INPUT));
        if (!GenAi.EMBEDDINGS.equals(operation)) {
            tokens.record(usage.outputTokens(), metricAttributes.tokens(operation, provider, a.model(), GenAi.OUTPUT));
        }
        if (ttfc != null) {
            timeToFirstChunk.record(ttfc, metricAttributes.call(operation, provider, a.model(), null));
        }
    }

    /** The answer's line of the cost (the tokens that were priced and billed), or null when there was no answer. */
    private static RequestCompleted.Charge answerLine(RequestCompleted e) {
        for (RequestCompleted.Charge c : e.chargesOrDerived()) {
            if (RequestCompleted.Charge.ANSWER.equals(c.kind())) {
                return c;
            }
        }
        return null;
    }

    private static void set(SpanBuilder b, io.opentelemetry.api.common.AttributeKey<String> key, String value) {
        if (value != null) {
            b.setAttribute(key, value);
        }
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "http".equals(u.getScheme()) ? 80 : 443;
    }

    private static long nanos(Instant t) {
        return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
    }

    @Override
    public void close() throws Exception {
        if (sdk != null) {
            sdk.close();
        }
    }
}
