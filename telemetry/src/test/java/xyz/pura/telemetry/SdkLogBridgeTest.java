package xyz.pura.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.net.ConnectException;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import xyz.pura.testing.LogCapture;

class SdkLogBridgeTest {

    @Test
    void shouldLogTheSdksFailuresAsOneLineWarningsWithoutStackTraces() {
        SdkLogBridge.install();
        SdkLogBridge.install();
        try (LogCapture log = new LogCapture("io.opentelemetry")) {
            Logger exporter = Logger.getLogger("io.opentelemetry.exporter.otlp.internal.HttpExporter");
            exporter.log(java.util.logging.Level.SEVERE, "Failed to export 3 spans. The request could not be executed.",
                    new RuntimeException("wrapped", new ConnectException("Connection refused")));
            Logger.getLogger("io.opentelemetry.sdk.metrics.export.PeriodicMetricReader")
                    .log(java.util.logging.Level.WARNING, "Exporter failed");
            exporter.log(java.util.logging.Level.FINE, "noise");

            assertThat(log.lines()).containsExactly("OpenTelemetry: Failed to export 3 spans. The request could not be "
                    + "executed. (java.net.ConnectException: Connection refused)");
            assertThat(log.lines(Level.WARN)).hasSize(1);
        }
    }
}
