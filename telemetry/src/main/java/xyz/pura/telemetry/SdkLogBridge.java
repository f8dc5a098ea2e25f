package xyz.pura.telemetry;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The OpenTelemetry SDK logs through {@code java.util.logging}, which would print two-line records with whole stack
 * traces on stderr beside the gateway's own log. Its {@code io.opentelemetry} records go to SLF4J instead, one line
 * each (a failure's cause as its message, no stack trace). An export failure is thereby logged as the SDK's exporter
 * throttles it (at most 5 a minute, then once a minute while it lasts); the metric reader's own echo of each failed or
 * timed-out export ("Exporter failed") is dropped as the repetition it is.
 */
final class SdkLogBridge extends Handler {
    private static final String ROOT = "io.opentelemetry";
    /** JUL holds loggers weakly: these keep the configuration alive. */
    private static final Logger SDK = Logger.getLogger(ROOT);
    private static final Logger METRIC_READER = Logger.getLogger("io.opentelemetry.sdk.metrics.export.PeriodicMetricReader");

    private SdkLogBridge() {
    }

    /** Routes the SDK's records to SLF4J; idempotent. */
    static synchronized void install() {
        for (Handler h : SDK.getHandlers()) {
            if (h instanceof SdkLogBridge) {
                return;
            }
        }
        SDK.setUseParentHandlers(false);
        SDK.setLevel(Level.INFO);
        SDK.addHandler(new SdkLogBridge());
        METRIC_READER.setLevel(Level.SEVERE);
    }

    @Override
    public void publish(LogRecord r) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(r.getLoggerName() == null ? ROOT : r.getLoggerName());
        String message = r.getMessage();
        if (r.getParameters() != null && r.getParameters().length > 0 && message != null) {
            message = java.text.MessageFormat.format(message, r.getParameters());
        }
        Throwable t = r.getThrown();
        if (t != null) {
            Throwable cause = t.getCause() != null ? t.getCause() : t;
            message = message + " (" + cause + ")";
        }
        if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
            log.warn("OpenTelemetry: {}", message);
        } else if (r.getLevel().intValue() >= Level.INFO.intValue()) {
            log.info("OpenTelemetry: {}", message);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
