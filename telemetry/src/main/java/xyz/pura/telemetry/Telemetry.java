package xyz.pura.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Starts the OpenTelemetry SDK from a {@link TelemetryConfig}, through the SDK's own autoconfiguration (so every
 * standard {@code OTEL_*} variable means what the specification says), or nothing at all when telemetry is off: then
 * no class of the SDK is loaded, no thread started, and the request path pays nothing.
 */
public final class Telemetry {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Telemetry.class);
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    /** How long a stop waits for the last export. */
    static final Duration SHUTDOWN = Duration.ofSeconds(5);

    private Telemetry() {
    }

    /** The observer that exports every completion, or null when {@code config} is off. Close it to flush and stop. */
    public static OtelObserver start(TelemetryConfig config, OtelObserver.Lookups lookups) {
        if (!config.enabled()) {
            return null;
        }
        SdkLogBridge.install();
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesCustomizer(ignored -> config.sdkProperties())
                .addResourceCustomizer((resource, ignored) -> named(resource))
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        LOG.info("OpenTelemetry: every request's spans and metrics are exported over OTLP ({})", config);
        // a stop flushes what is queued, but waits no longer than this for a collector that is away
        return new OtelObserver(sdk, lookups, () -> sdk.shutdown().join(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** {@code service.name} is {@value TelemetryConfig#DEFAULT_SERVICE_NAME} unless the variables name it. */
    static Resource named(Resource resource) {
        String name = resource.getAttribute(SERVICE_NAME);
        if (name == null || name.startsWith("unknown_service")) {
            return resource.merge(Resource.create(io.opentelemetry.api.common.Attributes.of(SERVICE_NAME,
                    TelemetryConfig.DEFAULT_SERVICE_NAME)));
        }
        return resource;
    }
}
