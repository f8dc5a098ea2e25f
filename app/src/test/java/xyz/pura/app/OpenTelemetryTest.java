package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.OtlpReceiver;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.events.Usd;

/** The real gateway exports each request's spans and metrics over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
class OpenTelemetryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldExportTheSpansAndMetricsOfAPlainAndAStreamedChatWithTheirExactUsage() {
        try (OtlpReceiver otlp = new OtlpReceiver();
             TestGateway gateway = TestGateway.start(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(),
                     "OTEL_BSP_SCHEDULE_DELAY", "50", "OTEL_METRIC_EXPORT_INTERVAL", "200",
                     "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=test"))) {
            String key = gateway.createKey("otel");

            // When a plain chat on OpenAI and a streamed one on Anthropic are answered
            HttpResponse<String> plain = gateway.post("/v1/chat/completions", key, "{\"model\":\"gpt-4o\",\"stream\":false,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]}");
            assertThat(plain.statusCode()).isEqualTo(200);
            JsonNode plainUsage = TestGateway.json(plain.body()).get("usage");
            String plainId = plain.headers().firstValue("X-Pura-Request-Id").orElseThrow();
            String plainCost = plain.headers().firstValue("X-Pura-Cost").orElseThrow();

            HttpResponse<String> streamed = gateway.post("/v1/chat/completions", key,
                    "{\"model\":\"claude-sonnet-4-20250514\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story\"}]}");
            assertThat(streamed.statusCode()).isEqualTo(200);
            String streamedId = streamed.headers().firstValue("X-Pura-Request-Id").orElseThrow();
            String[] events = streamed.body().split("\n\n");
            assertThat(events[events.length - 1]).isEqualTo("data: [DONE]");
            JsonNode streamedUsage = null;
            String streamedCost = null;
            for (String event : events) {
                JsonNode chunk = event.startsWith("data: {") ? TestGateway.json(event.substring("data: ".length())) : null;
                if (chunk != null && chunk.hasNonNull("usage")) {
                    streamedUsage = chunk.get("usage");
                }
                if (chunk != null && chunk.has("pura")) {
                    streamedCost = chunk.at("/pura/costUsd").asText();
                }
            }
            assertThat(streamedUsage).isNotNull();
            assertThat(streamedCost).isNotNull();
            JsonNode streamUsage = streamedUsage;

            // Then each arrives as a SERVER span with a CLIENT child carrying the provider's usage
            await().atMost(WAIT).until(() -> server(otlp, plainId).isPresent() && server(otlp, streamedId).isPresent()
                    && client(otlp, server(otlp, plainId).get().span()).isPresent()
                    && client(otlp, server(otlp, streamedId).get().span()).isPresent());

            OtlpReceiver.ReceivedSpan plainServer = server(otlp, plainId).orElseThrow();
            assertThat(plainServer.span().getName()).isEqualTo("POST /v1/chat/completions");
            assertThat(plainServer.span().getParentSpanId().isEmpty()).isTrue();
            assertThat(OtlpReceiver.attributes(plainServer.resource().getAttributesList()))
                    .containsEntry("service.name", "pura-gateway").containsEntry("deployment.environment.name", "test");
            assertThat(plainServer.attributes()).containsEntry("pura.cost_usd", plainCost)
                    .containsEntry("pura.key_prefix", key.substring(0, 13))
                    .containsEntry("pura.tier", plain.headers().firstValue("X-Pura-Tier").orElseThrow())
                    .containsEntry("pura.endpoint", "/v1/chat/completions")
                    .containsEntry("http.route", "/v1/chat/completions")
                    .containsEntry("http.response.status_code", 200L)
                    .containsKey("pura.rate_card").containsKey("pura.key_id")
                    .doesNotContainKey("error.type");
            assertThat(plainServer.attributes().values()).noneMatch(v -> v.toString().equals(key));
            Span plainClient = client(otlp, plainServer.span()).orElseThrow();
            assertThat(plainClient.getName()).isEqualTo("chat gpt-4o");
            assertThat(plainClient.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
            assertThat(OtlpReceiver.attributes(plainClient.getAttributesList()))
                    .containsEntry("gen_ai.operation.name", "chat")
                    .containsEntry("gen_ai.provider.name", "openai")
                    .containsEntry("gen_ai.request.model", "gpt-4o")
                    .containsEntry("gen_ai.usage.input_tokens", plainUsage.get("prompt_tokens").asLong())
                    .containsEntry("gen_ai.usage.output_tokens", plainUsage.get("completion_tokens").asLong())
                    .containsEntry("server.address", "127.0.0.1")
                    .containsKey("server.port")
                    .doesNotContainKey("gen_ai.request.stream")
                    .doesNotContainKey("error.type");

            OtlpReceiver.ReceivedSpan streamedServer = server(otlp, streamedId).orElseThrow();
            assertThat(streamedServer.attributes()).containsEntry("pura.cost_usd", streamedCost);
            Span streamedClient = client(otlp, streamedServer.span()).orElseThrow();
            assertThat(streamedClient.getName()).isEqualTo("chat claude-sonnet-4-20250514");
            assertThat(streamedClient.getTraceId()).isEqualTo(streamedServer.span().getTraceId());
            Map<String, Object> streamedAttributes = OtlpReceiver.attributes(streamedClient.getAttributesList());
            assertThat(streamedAttributes)
                    .containsEntry("gen_ai.provider.name", "anthropic")
                    .containsEntry("gen_ai.request.model", "claude-sonnet-4-20250514")
                    .containsEntry("gen_ai.request.stream", true)
                    .containsEntry("gen_ai.usage.input_tokens", streamedUsage.get("prompt_tokens").asLong())
                    .containsEntry("gen_ai.usage.output_tokens", streamedUsage.get("completion_tokens").asLong())
                    .containsKey("gen_ai.response.time_to_first_chunk");
            assertThat(streamedServer.span().getStartTimeUnixNano()).isLessThanOrEqualTo(streamedClient.getStartTimeUnixNano());
            assertThat(streamedClient.getEndTimeUnixNano()).isLessThanOrEqualTo(streamedServer.span().getEndTimeUnixNano());

            // and the metrics count the same tokens, the calls and the cost
            Map<String, String> openai = Map.of("gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai",
                    "gen_ai.request.model", "gpt-4o");
            Map<String, String> anthropic = Map.of("gen_ai.operation.name", "chat", "gen_ai.provider.name", "anthropic",
                    "gen_ai.request.model", "claude-sonnet-4-20250514");
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(histogram(otlp, "gen_ai.client.token.usage", with(openai, "gen_ai.token.type", "input")))
                        .hasValueSatisfying(p -> assertThat(p.getSum()).isEqualTo(plainUsage.get("prompt_tokens").asDouble()));
                assertThat(histogram(otlp, "gen_ai.client.token.usage", with(openai, "gen_ai.token.type", "output")))
                        .hasValueSatisfying(p -> assertThat(p.getSum()).isEqualTo(plainUsage.get("completion_tokens").asDouble()));
                assertThat(histogram(otlp, "gen_ai.client.token.usage", with(anthropic, "gen_ai.token.type", "output")))
                        .hasValueSatisfying(p -> assertThat(p.getSum()).isEqualTo(streamUsage.get("completion_tokens").asDouble()));
                assertThat(histogram(otlp, "gen_ai.client.operation.duration", openai))
                        .hasValueSatisfying(p -> assertThat(p.getCount()).isEqualTo(1));
                assertThat(histogram(otlp, "gen_ai.client.operation.time_to_first_chunk", anthropic))
                        .hasValueSatisfying(p -> assertThat(p.getCount()).isEqualTo(1));
                assertThat(histogram(otlp, "gen_ai.client.operation.time_to_first_chunk", openai)).isEmpty();
                assertThat(sum(otlp, "pura.cost", Map.of("gen_ai.provider.name", "openai", "gen_ai.request.model", "gpt-4o")))
                        .hasValueSatisfying(p -> assertThat(p.getAsInt()).isEqualTo(Usd.parse(plainCost).nanos()));
            });
            Metric tokens = latest(otlp, "gen_ai.client.token.usage").orElseThrow();
            assertThat(tokens.getUnit()).isEqualTo("{token}");
            assertThat(tokens.getHistogram().getDataPoints(0).getExplicitBoundsList()).startsWith(1.0, 4.0, 16.0, 64.0)
                    .endsWith(67108864.0);
            assertThat(latest(otlp, "gen_ai.client.operation.duration").orElseThrow().getUnit()).isEqualTo("s");
        }
    }

    @Test
    void shouldCreateNoExporterAndNoThreadWithoutAnEndpoint() {
        try (TestGateway gateway = TestGateway.start()) {
            String key = gateway.createKey("no-otel");
            assertThat(gateway.post("/v1/chat/completions", key, "{\"model\":\"gpt-4o\",\"stream\":false,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}").statusCode()).isEqualTo(200);

            assertThat(gateway.app().config().telemetry().enabled()).isFalse();
            // a gateway of another test of this JVM that exported may still be finishing its shutdown
            await().atMost(WAIT).until(() -> otelThreads().isEmpty());
        }
    }

    private static List<String> otelThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("BatchSpanProcessor") || n.startsWith("PeriodicMetricReader")
                        || n.startsWith("jdkhttp-executor"))
                .toList();
    }

    private static Optional<OtlpReceiver.ReceivedSpan> server(OtlpReceiver otlp, String requestId) {
        return otlp.spans().stream().filter(s -> s.span().getKind() == Span.SpanKind.SPAN_KIND_SERVER)
                .filter(s -> requestId.equals(s.attributes().get("pura.request_id"))).findFirst();
    }

    private static Optional<Span> client(OtlpReceiver otlp, Span parent) {
        return otlp.spans().stream().map(OtlpReceiver.ReceivedSpan::span)
                .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT && s.getParentSpanId().equals(parent.getSpanId()))
                .findFirst();
    }

    private static Map<String, String> with(Map<String, String> attributes, String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(attributes);
        m.put(key, value);
        return m;
    }

    /** The metric of the latest export that has it (cumulative: it holds everything so far). */
    private static Optional<Metric> latest(OtlpReceiver otlp, String name) {
        List<Metric> all = otlp.metrics().stream().filter(m -> m.getName().equals(name)).toList();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private static Optional<HistogramDataPoint> histogram(OtlpReceiver otlp, String name, Map<String, String> attributes) {
        return latest(otlp, name).flatMap(m -> m.getHistogram().getDataPointsList().stream()
                .filter(p -> OtlpReceiver.attributes(p.getAttributesList()).equals(attributes)).findFirst());
    }

    private static Optional<NumberDataPoint> sum(OtlpReceiver otlp, String name, Map<String, String> attributes) {
        return latest(otlp, name).flatMap(m -> m.getSum().getDataPointsList().stream()
                .filter(p -> OtlpReceiver.attributes(p.getAttributesList()).entrySet().containsAll(attributes.entrySet()))
                .findFirst());
    }
}
