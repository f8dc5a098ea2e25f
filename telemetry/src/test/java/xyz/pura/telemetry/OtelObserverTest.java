package xyz.pura.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.pricing.TokenUsage;

class OtelObserverTest {
    private static final Instant END = Instant.parse("2026-12-07T12:00:00.250Z");

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();
    private final OtelObserver observer = new OtelObserver(sdk, new OtelObserver.Lookups(
            id -> id.equals("k1") ? "pura_1a2b3c4d" : null,
            Map.of("openai", URI.create("https://api.openai.com/v1"), "gemini", URI.create("http://127.0.0.1:9999/gemini"))),
            sdk);

    @AfterEach
    void close() throws Exception {
        observer.close();
    }

    @Test
    void shouldExportAServerSpanWithAClientSpanPerCallAndTheBilledTokens() {
        // Given a chat answered by OpenAI at first try, priced from the provider's usage with cache reads and reasoning
        RequestCompleted e = completed("openai", "gpt-4o", "ok", 200, null, false, null,
                List.of(new RequestCompleted.Attempt("openai", "gpt-4o", "ok", 200, 200)),
                new TokenUsage(1200, 1000, 0, 0, 80, 30), 412_500);

        // When
        observer.accept(e);

        // Then
        SpanData server = only(SpanKind.SERVER);
        assertThat(server.getName()).isEqualTo("POST /v1/chat/completions");
        assertThat(server.getParentSpanContext().isValid()).isFalse();
        assertThat(server.getStartEpochNanos()).isEqualTo(nanos(END) - TimeUnit.MILLISECONDS.toNanos(250));
        assertThat(server.getEndEpochNanos()).isEqualTo(nanos(END));
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(server.getAttributes().asMap()).containsAllEntriesOf(Map.of(
                AttributeKey.stringKey("http.request.method"), "POST",
                AttributeKey.stringKey("http.route"), "/v1/chat/completions",
                AttributeKey.longKey("http.response.status_code"), 200L,
                AttributeKey.stringKey("pura.request_id"), "req-1",
                AttributeKey.stringKey("pura.key_id"), "k1",
                AttributeKey.stringKey("pura.key_prefix"), "pura_1a2b3c4d",
                AttributeKey.stringKey("pura.tier"), "mid",
                AttributeKey.stringKey("pura.cost_usd"), "0.000412500",
                AttributeKey.stringKey("pura.rate_card"), "2026-11-01",
                AttributeKey.stringKey("pura.endpoint"), "/v1/chat/completions"));
        assertThat(server.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();

        SpanData client = only(SpanKind.CLIENT);
        assertThat(client.getName()).isEqualTo("chat gpt-4o");
        assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(client.getTraceId()).isEqualTo(server.getTraceId());
        assertThat(client.getStartEpochNanos()).isEqualTo(server.getStartEpochNanos());
        assertThat(client.getEndEpochNanos() - client.getStartEpochNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(client.getAttributes().asMap()).containsAllEntriesOf(Map.of(
                AttributeKey.stringKey("gen_ai.operation.name"), "chat",
                AttributeKey.stringKey("gen_ai.provider.name"), "openai",
                AttributeKey.stringKey("gen_ai.request.model"), "gpt-4o",
                AttributeKey.longKey("gen_ai.usage.input_tokens"), 1200L,
                AttributeKey.longKey("gen_ai.usage.output_tokens"), 80L,
                AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens"), 1000L,
                AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens"), 30L,
                AttributeKey.stringKey("server.address"), "api.openai.com",
                AttributeKey.longKey("server.port"), 443L));
        assertThat(client.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();
        assertThat(client.getAttributes().get(AttributeKey.booleanKey("gen_ai.request.stream"))).isNull();

        Attributes call = Attributes.builder().put("gen_ai.operation.name", "chat").put("gen_ai.provider.name", "openai")
                .put("gen_ai.request.model", "gpt-4o").build();
        assertThat(histogram("gen_ai.client.operation.duration", call).getSum()).isEqualTo(0.2);
        assertThat(histogram("gen_ai.client.token.usage", call.toBuilder().put("gen_ai.token.type", "input").build())
                .getSum()).isEqualTo(1200);
        assertThat(histogram("gen_ai.client.token.usage", call.toBuilder().put("gen_ai.token.type", "output").build())
                .getSum()).isEqualTo(80);
        assertThat(histogram("gen_ai.client.token.usage", call.toBuilder().put("gen_ai.token.type", "input").build())
                .getBoundaries()).containsExactlyElementsOf(GenAi.TOKEN_BUCKETS.stream().map(Long::doubleValue).toList());
        assertThat(histogram("gen_ai.client.operation.duration", call).getBoundaries())
                .containsExactlyElementsOf(GenAi.DURATION_BUCKETS);
        assertThat(metric("gen_ai.client.operation.duration").getUnit()).isEqualTo("s");
        assertThat(metric("gen_ai.client.token.usage").getUnit()).isEqualTo("{token}");
        LongPointData cost = metric("pura.cost").getLongSumData().getPoints().iterator().next();
        assertThat(cost.getValue()).isEqualTo(412_500);
        assertThat(metric("pura.cost").getUnit()).isEqualTo("{nanoUSD}");
        assertThat(metrics.collectAllMetrics()).noneMatch(m -> m.getName().equals("gen_ai.client.operation.time_to_first_chunk"));
    }

    @ParameterizedTest
    @CsvSource({"openai,openai,chat", "anthropic,anthropic,chat", "groq,groq,chat", "gemini,gcp.gemini,generate_content"})
    void shouldNameEachProviderAndItsOperationAsTheConventionsDo(String provider, String providerName, String operation) {
        observer.accept(completed(provider, "m-" + provider, "ok", 200, null, false, null,
                List.of(new RequestCompleted.Attempt(provider, "m-" + provider, "ok", 200, 10)), TokenUsage.of(5, 7), 100));

        SpanData client = only(SpanKind.CLIENT);
        assertThat(client.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo(providerName);
        assertThat(client.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo(operation);
        assertThat(client.getName()).isEqualTo(operation + " m-" + provider);
        assertThat(histogram("gen_ai.client.token.usage", Attributes.builder().put("gen_ai.operation.name", operation)
                .put("gen_ai.provider.name", providerName).put("gen_ai.request.model", "m-" + provider)
                .put("gen_ai.token.type", "output").build()).getSum()).isEqualTo(7);
    }

    @Test
    void shouldMarkAFailedOverCallWithItsErrorTypeAndTheAnswerOnTheNext() {
        // Given Anthropic rate-limited the first call and Gemini answered a stream, first chunk 300 ms into the request
        RequestCompleted e = completed("gemini", "gemini-2.0-flash", "ok", 200, null, true, 300L,
                List.of(new RequestCompleted.Attempt("anthropic", "claude-sonnet-4", "rate_limited", 429, 100),
                        new RequestCompleted.Attempt("gemini", "gemini-2.0-flash", "ok", 200, 900)),
                TokenUsage.of(10, 20), 50);

        observer.accept(e);

        List<SpanData> calls = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
        assertThat(calls).extracting(SpanData::getName).containsExactly("chat claude-sonnet-4", "generate_content gemini-2.0-flash");
        SpanData failed = calls.get(0);
        assertThat(failed.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("rate_limited");
        assertThat(failed.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(429);
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failed.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isNull();
        SpanData answer = calls.get(1);
        assertThat(answer.getStartEpochNanos()).isEqualTo(failed.getEndEpochNanos());
        assertThat(answer.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(20);
        assertThat(answer.getAttributes().get(AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();
        assertThat(answer.getAttributes().get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk"))).isEqualTo(0.2);
        assertThat(answer.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo("127.0.0.1");
        assertThat(answer.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(9999);
        assertThat(answer.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

        assertThat(histogram("gen_ai.client.operation.duration", Attributes.builder().put("gen_ai.operation.name", "chat")
                .put("gen_ai.provider.name", "anthropic").put("gen_ai.request.model", "claude-sonnet-4")
                .put("error.type", "rate_limited").build()).getCount()).isEqualTo(1);
        assertThat(histogram("gen_ai.client.operation.time_to_first_chunk", Attributes.builder()
                .put("gen_ai.operation.name", "generate_content").put("gen_ai.provider.name", "gcp.gemini")
                .put("gen_ai.request.model", "gemini-2.0-flash").build()).getSum()).isEqualTo(0.2);
    }

    @Test
    void shouldMarkARequestThatFailedEverywhereAsAnErrorWithoutUsage() {
        RequestCompleted e = completed("groq", "llama-3.3-70b-versatile", "upstream_error", 502, "upstream_error", false,
                null, List.of(new RequestCompleted.Attempt("groq", "llama-3.3-70b-versatile", "server_error", 500, 40),
                        new RequestCompleted.Attempt("openai", "gpt-4o", "circuit_open", null, 0)),
                null, 0);

        observer.accept(e);

        SpanData server = only(SpanKind.SERVER);
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(server.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("upstream_error");
        assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(502);
        assertThat(server.getAttributes().get(AttributeKey.stringKey("pura.cost_usd"))).isEqualTo("0.000000000");
        assertThat(server.getAttributes().get(AttributeKey.longKey("pura.attempts"))).isEqualTo(2);
        SpanData call = only(SpanKind.CLIENT); // the open circuit made no call
        assertThat(call.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("server_error");
        assertThat(call.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isNull();
        assertThat(metrics.collectAllMetrics()).extracting(MetricData::getName)
                .containsExactly("gen_ai.client.operation.duration");
    }

    @Test
    void shouldRecordACancelledStreamWithWhatWasBilledButNotAsAServerError() {
        RequestCompleted e = completed("openai", "gpt-4o", "client_cancelled", 499, "client_cancelled", true, 30L,
                List.of(new RequestCompleted.Attempt("openai", "gpt-4o", "client_cancelled", 200, 240)),
                TokenUsage.of(12, 3), 40);

        observer.accept(e);

        SpanData server = only(SpanKind.SERVER);
        assertThat(server.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("client_cancelled");
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        SpanData call = only(SpanKind.CLIENT);
        assertThat(call.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("client_cancelled");
        assertThat(call.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(3);
    }

    @Test
    void shouldNeverThrowIntoTheRequestThatHandsACompletionOver() {
        OtelObserver failing = new OtelObserver(sdk, new OtelObserver.Lookups(id -> {
            throw new IllegalStateException("key table gone");
        }, Map.of()), null);
        RequestCompleted e = completed("openai", "gpt-4o", "ok", 200, null, false, null,
                List.of(new RequestCompleted.Attempt("openai", "gpt-4o", "ok", 200, 1)), TokenUsage.of(1, 1), 1);

        try (xyz.pura.testing.LogCapture log = new xyz.pura.testing.LogCapture("xyz.pura.telemetry")) {
            failing.accept(e);
            failing.accept(e);

            assertThat(log.lines()).singleElement().satisfies(l -> assertThat(l).contains("request req-1 not recorded")
                    .contains("key table gone"));
        }
    }

    @Test
    void shouldRecordEmbeddingsAsTheirOperationWithInputTokensOnly() {
        RequestCompleted e = new RequestCompleted(1, "req-2:completed", END, "req-2", "k1", "openai",
                "text-embedding-3-small", "cheap", "ok", 200, null, 20, null, false, 8, 0, null, 1, "2026-11-01", false,
                false, List.of(new RequestCompleted.Attempt("openai", "text-embedding-3-small", "ok", 200, 20)),
                RequestCompleted.USAGE_PROVIDER, List.of(RequestCompleted.Charge.of(RequestCompleted.Charge.ANSWER,
                "text-embedding-3-small", TokenUsage.of(8, 0), 1)), "/v1/embeddings");

        observer.accept(e);

        assertThat(only(SpanKind.CLIENT).getName()).isEqualTo("embeddings text-embedding-3-small");
        assertThat(metric("gen_ai.client.token.usage").getHistogramData().getPoints()).singleElement()
                .satisfies(p -> assertThat(p.getAttributes().get(AttributeKey.stringKey("gen_ai.token.type"))).isEqualTo("input"));
    }

    @Test
    void shouldCapTheModelsOfTheMetricsButNotOfTheSpans() {
        for (int i = 0; i <= MetricAttributes.MAX_MODELS; i++) {
            observer.accept(completed("openai", "model-" + i, "ok", 200, null, false, null,
                    List.of(new RequestCompleted.Attempt("openai", "model-" + i, "ok", 200, 1)), TokenUsage.of(1, 1), 1));
        }

        Collection<HistogramPointData> points = metric("gen_ai.client.operation.duration").getHistogramData().getPoints();
        assertThat(points).hasSize(MetricAttributes.MAX_MODELS + 1);
        assertThat(points).anySatisfy(p -> assertThat(p.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")))
                .isEqualTo("other"));
        assertThat(spans.getFinishedSpanItems()).anySatisfy(s -> assertThat(s.getName()).isEqualTo("chat model-200"));
    }

    private static RequestCompleted completed(String provider, String model, String status, int httpStatus,
                                              String errorCode, boolean stream, Long ttfbMs,
                                              List<RequestCompleted.Attempt> attempts, TokenUsage usage, long costNanos) {
        List<RequestCompleted.Charge> charges = usage == null ? List.of()
                : List.of(RequestCompleted.Charge.of(RequestCompleted.Charge.ANSWER, model, usage, costNanos));
        return new RequestCompleted(1, "req-1:completed", END, "req-1", "k1", provider, model, "mid", status, httpStatus,
                errorCode, 250, ttfbMs, stream, 10, 10, null, costNanos, "2026-11-01", false, false, attempts,
                RequestCompleted.USAGE_PROVIDER, charges, "/v1/chat/completions");
    }

    private SpanData only(SpanKind kind) {
        List<SpanData> of = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == kind).toList();
        assertThat(of).hasSize(1);
        return of.get(0);
    }

    private MetricData metric(String name) {
        return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
    }

    private HistogramPointData histogram(String name, Attributes attributes) {
        return metric(name).getHistogramData().getPoints().stream().filter(p -> p.getAttributes().equals(attributes))
                .findFirst().orElseThrow(() -> new AssertionError(name + " has no point " + attributes + ": "
                        + metric(name).getHistogramData().getPoints()));
    }

    private static long nanos(Instant t) {
        return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
    }
}
