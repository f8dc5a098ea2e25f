package xyz.pura.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.pricing.TokenUsage;
import xyz.pura.testing.LogCapture;

class TelemetryTest {
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    @Test
    void shouldNameTheServicePuraGatewayUnlessTheVariablesNameIt() {
        assertThat(Telemetry.named(Resource.getDefault()).getAttribute(SERVICE_NAME)).isEqualTo("pura-gateway");
        assertThat(Telemetry.named(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, "edge-eu"))))
                .getAttribute(SERVICE_NAME)).isEqualTo("edge-eu");
    }

    @Test
    void shouldTakeCompletionsWhileTheCollectorIsAwayAndSaySoInOneLine() throws Exception {
        // Given a collector that is not there (a port nobody listens on)
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TelemetryConfig config = TelemetryConfig.fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + port,
                "OTEL_BSP_SCHEDULE_DELAY", "10", "OTEL_METRIC_EXPORT_INTERVAL", "100",
                "OTEL_JAVA_EXPORTER_OTLP_RETRY_DISABLED", "true"));
        try (LogCapture log = new LogCapture("io.opentelemetry");
             OtelObserver observer = Telemetry.start(config, OtelObserver.Lookups.none())) {
            // When completions keep coming, nothing is thrown at the request that hands them over
            for (int i = 0; i < 50; i++) {
                observer.accept(completion("req-" + i));
            }

            // Then the failure is logged as a warning of one line, cause included, no stack trace
            await().atMost(Duration.ofSeconds(30)).until(() -> log.lines(Level.WARN).stream()
                    .anyMatch(l -> l.startsWith("OpenTelemetry: Failed to export") && l.contains("ConnectException")));
            assertThat(log.lines()).allSatisfy(l -> assertThat(l).doesNotContain("\tat "));
        }
    }

    private static RequestCompleted completion(String id) {
        return new RequestCompleted(1, id + ":completed", Instant.now(), id, "k1", "groq", "llama-3.3-70b-versatile",
                "cheap", "ok", 200, null, 12, null, false, 5, 5, null, 10, "v1", false, false,
                List.of(new RequestCompleted.Attempt("groq", "llama-3.3-70b-versatile", "ok", 200, 10)),
                RequestCompleted.USAGE_PROVIDER, List.of(RequestCompleted.Charge.of(RequestCompleted.Charge.ANSWER,
                "llama-3.3-70b-versatile", TokenUsage.of(5, 5), 10)), "/v1/chat/completions");
    }
}
