package xyz.pura.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryConfigTest {

    @Test
    void shouldBeOffWithoutAnEndpoint() {
        TelemetryConfig c = TelemetryConfig.fromEnv(Map.of("OTEL_SERVICE_NAME", "x", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"));

        assertThat(c.enabled()).isFalse();
        assertThat(Telemetry.start(c, OtelObserver.Lookups.none())).isNull();
    }

    @Test
    void shouldBeOffWhenTheSdkIsDisabled() {
        assertThat(TelemetryConfig.fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318",
                "OTEL_SDK_DISABLED", "true")).enabled()).isFalse();
    }

    @Test
    void shouldHandEveryOtelVariableToTheSdkAsItsProperty() {
        TelemetryConfig c = TelemetryConfig.fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_METRIC_EXPORT_INTERVAL", "1000", "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=prod",
                "PURA_PORT", "8080"));

        assertThat(c.enabled()).isTrue();
        assertThat(c.sdkProperties()).containsEntry("otel.exporter.otlp.endpoint", "http://collector:4318")
                .containsEntry("otel.metric.export.interval", "1000")
                .containsEntry("otel.resource.attributes", "deployment.environment.name=prod")
                .containsEntry("otel.exporter.otlp.protocol", "http/protobuf")
                .containsEntry("otel.logs.exporter", "none")
                .containsEntry("otel.traces.exporter", "otlp")
                .containsEntry("otel.metrics.exporter", "otlp")
                .doesNotContainKey("pura.port");
    }

    @Test
    void shouldExportOnlyTheSignalsThatHaveAnEndpoint() {
        TelemetryConfig c = TelemetryConfig.fromEnv(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                "http://collector:4318/v1/traces"));

        assertThat(c.sdkProperties()).containsEntry("otel.traces.exporter", "otlp")
                .containsEntry("otel.metrics.exporter", "none");
    }

    @Test
    void shouldRefuseGrpcAndOtherExportersClearly() {
        assertThatThrownBy(() -> TelemetryConfig.fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "OTEL_METRICS_EXPORTER", "prometheus")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported")
                .hasMessageContaining("http/protobuf")
                .hasMessageContaining("OTEL_METRICS_EXPORTER must be otlp or none");
        assertThatThrownBy(() -> TelemetryConfig.fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318")))
                .hasMessageContaining("OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL");
    }

    @Test
    void shouldNeverPrintHeadersOrCredentials() {
        TelemetryConfig c = TelemetryConfig.fromEnv(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "https://user:secret@otlp.example.com/otlp?token=abc",
                "OTEL_EXPORTER_OTLP_HEADERS", "api-key=hunter2"));

        assertThat(c.toString()).contains("https://otlp.example.com/otlp").contains("otel.exporter.otlp.headers=<redacted>")
                .doesNotContain("hunter2").doesNotContain("secret").doesNotContain("abc");
    }
}
